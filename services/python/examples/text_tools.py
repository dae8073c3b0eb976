"""Example Gleitzeit functions: a few text tools.

Run them as a service (from services/python, with a hub on port 8000):

    PYTHONPATH=src:examples python3 -m gleitzeit_sdk.run --hub http://127.0.0.1:8000 --module text_tools \
        --name text-tools

and call them from a workflow:

    {"name": "Count", "type": "python", "function": "word_count", "args": ["to be or not to be"]}
    {"name": "Top", "type": "python", "function": "top_words", "kwargs": {"text": "{{Source.result}}", "n": 3}}
"""

import re
from collections import Counter
from typing import Dict, List, Optional

from gleitzeit_sdk import TaskContext, TaskFailed, gleitzeit_task

_WORD = re.compile(r"\w+", re.UNICODE)


@gleitzeit_task(category="text", description="Counts the words of a text")
def word_count(text: str) -> int:
    return len(_WORD.findall(text))


@gleitzeit_task(category="text", description="The n most frequent words, most frequent first")
def top_words(text: str, n: int = 3) -> List[List[object]]:
    if n < 1:
        raise ValueError("n must be at least 1, was %d" % n)  # bad input: the task fails without retry
    counts = Counter(word.lower() for word in _WORD.findall(text))
    return [[word, count] for word, count in counts.most_common(n)]


@gleitzeit_task(category="text", description="Lower-case words joined by a separator, for URLs")
def slugify(text: str, separator: str = "-") -> str:
    return separator.join(word.lower() for word in _WORD.findall(text))


@gleitzeit_task(category="text", description="Fills {placeholders} of a template from values")
def render_template(template: str, values: Dict[str, object]) -> str:
    try:
        return template.format(**values)
    except KeyError as e:
        # KeyError would be retried by default; a missing value will be missing next time too.
        raise TaskFailed("no value for placeholder %s" % e, retryable=False, error_type="missing_value") from None


@gleitzeit_task(name="spell_out", category="text", description="Streams a text word by word", timeout=60)
def spell_out(text: str, context: TaskContext, delay_seconds: float = 0.0,
              prefix: Optional[str] = None) -> str:
    """Streams each word as a chunk with progress; stops early when the task is cancelled or times out."""
    words = text.split()
    spoken = []
    for i, word in enumerate(words):
        if context.wait(delay_seconds):  # cancelled: whatever we return is discarded anyway
            break
        spoken.append(word)
        context.chunk(word + " ")
        context.progress(100.0 * (i + 1) / len(words), "%d of %d words" % (i + 1, len(words)))
    return (prefix or "") + " ".join(spoken)
