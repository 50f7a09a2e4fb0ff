"""What a process keeps of costly results, least recently used out first, within a budget."""

import threading
from collections import OrderedDict


class KeptResults:
    """A process's latest results of some costly computation: least recently used first out.

    ``limit`` bounds the sum of the kept values' weights (``weight``: 1 each by default, so a
    number of values). Users put in every key what makes a value valid: the content version
    token for the words' matches of the latest searches on a database backend
    (``search.service``) and rendered result cards (``search.cards``), the
    term index generation's token for its kept postings (``search.postings``).
    """

    def __init__(self, limit, weight=None):
        self.limit = limit
        self.weight = weight or (lambda _value: 1)
        self.size = 0
        self._found = OrderedDict()
        self._lock = threading.Lock()

    def peek(self, key):
        """The value kept under ``key`` (now the most recent), or None."""
        with self._lock:
            found = self._found.get(key)
            if found is not None:
                self._found.move_to_end(key)
            return found

    def put(self, key, value):
        """Keep ``value`` under ``key`` (a value heavier than the whole budget is not kept)."""
        weight = self.weight(value)
        if weight > self.limit:
            return
        with self._lock:
            if key in self._found:
                return
            self._found[key] = value
            self.size += weight
            while self.size > self.limit:
                _key, old = self._found.popitem(last=False)
                self.size -= self.weight(old)

    def get(self, key, compute):
        """The value kept under ``key``, else ``compute()``'s, kept."""
        found = self.peek(key)
        if found is None:
            found = compute()
            self.put(key, found)
        return found

    def __contains__(self, key):
        with self._lock:
            return key in self._found

    def clear(self):
        with self._lock:
            self._found.clear()
            self.size = 0
