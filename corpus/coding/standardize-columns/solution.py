import numpy as np


def standardize_columns(matrix):
    if len(matrix) == 0:
        return []
    values = np.asarray(matrix, dtype=float)
    std = values.std(axis=0)
    safe = np.where(std == 0, 1.0, std)
    return ((values - values.mean(axis=0)) / safe * (std != 0)).tolist()
