from collections import Counter


def top_k_tickers(trades, k):
    counts = Counter(trades)
    return sorted(counts, key=lambda t: (-counts[t], t))[:k]
