"""Dict and str work: a pseudo-random text made from a syllable table, words counted in a dict,
the most frequent listed, anagram classes keyed by sorted letters."""
import sys

SMALL = sys.argv[1:] == ["small"]

SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "so", "ta", "vi", "pe", "do", "an", "el"]


def text(n_words, seed):
    words = []
    x = seed
    for _ in range(n_words):
        x = (x * 1103515245 + 12345) % 2147483648
        parts = 1 + x % 3
        w = ""
        y = x
        for _ in range(parts):
            w += SYLLABLES[y % len(SYLLABLES)]
            y //= len(SYLLABLES)
        words.append(w.capitalize() if x % 7 == 0 else w)
    return " ".join(words)


def main():
    n = 4_000 if SMALL else 150_000
    body = text(n, 42)
    counts = {}
    for word in body.lower().split():
        counts[word] = counts.get(word, 0) + 1
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    classes = {}
    for word in counts:
        classes.setdefault("".join(sorted(word)), []).append(word)
    biggest = max(classes.values(), key=lambda ws: (len(ws), ws))
    print(f"{len(body)} characters, {len(counts)} distinct words")
    print("most frequent:", ", ".join(f"{w}={c}" for w, c in top))
    print(f"{len(classes)} anagram classes, the largest: {sorted(biggest)[:6]}")
    print("capitalised:", sum(1 for w in body.split() if w[0].isupper()))


main()
