import pandas as pd


def total_spend(transactions):
    if not transactions:
        return {}
    frame = pd.DataFrame(transactions)
    settled = frame[frame["status"] == "settled"]
    return {customer: float(total)
            for customer, total in settled.groupby("customer")["amount"].sum().items()}
