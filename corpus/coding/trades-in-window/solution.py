from bisect import bisect_left, bisect_right


def count_in_windows(timestamps, windows):
    return [max(0, bisect_right(timestamps, end) - bisect_left(timestamps, start))
            for start, end in windows]
