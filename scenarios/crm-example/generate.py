#!/usr/bin/env python3
"""Write opportunities.csv: a fictional company's Salesforce opportunity report (Nordvik
Mätteknik AB, industrial sensors; two inside-sales teams and one key-account team), written
for spmsim's calibration example. Not spmsim output: a small independent generator with
messy but realistic features (a Salesforce report header, US dates, a custom won label,
amounts with thousands separators, a few bad rows, a totals footer)."""
import csv, math, random

random.seed(20251231)
START = 0  # day 0 = 2025-01-01
def date(day):
    import datetime
    d = datetime.date(2025, 1, 1) + datetime.timedelta(days=day)
    return f"{d.month}/{d.day}/{d.year}"

teams = {
    "Inside Sales North": (["Anna Berg", "Johan Ek", "Sara Lind", "Erik Holm", "Maja Nyström"], 5.0, 0.27, 3.0, 48000, 0.6),
    "Inside Sales South": (["Oskar Dahl", "Elin Falk", "Viktor Sjö", "Hanna Strand"], 4.5, 0.24, 3.5, 52000, 0.65),
    "Key Accounts": (["Karin Wallin", "Per Åberg", "Lena Roos"], 0.8, 0.18, 16.0, 650000, 0.85),
}
rows = []
n = 0
for team, (reps, per_week, win, cycle_w, median, sigma) in teams.items():
    for rep in reps:
        # A rep who left in the autumn and a successor.
        for day in range(0, 365):
            if random.random() > per_week / 7:
                continue
            if rep == "Erik Holm" and day > 250:
                continue
            owner = rep
            n += 1
            value = median * math.exp(random.gauss(0, sigma))
            fate = random.random()
            dur = max(3, int(random.gammavariate(3.0, cycle_w * 7 / 3.0)))
            close = day + dur
            if fate < win:
                stage = "Closed Won (Booked)" if random.random() < 0.5 else "Closed Won"
                amount = value * (1 - random.uniform(0.0, 0.12))
            elif fate < win + (1 - win) * 0.85:
                stage = "Closed Lost"
                close = day + max(2, int(dur * random.uniform(0.3, 1.0)))
                amount = value
            else:
                stage = random.choice(["Qualification", "Proposal/Price Quote", "Negotiation/Review"])
                close = None
                amount = value
            if close is not None and close > 364:
                stage = random.choice(["Proposal/Price Quote", "Negotiation/Review"])
                close = None
            rows.append([f"006Nv{n:07d}", f"Opportunity {n}", owner, team, stage,
                         date(day), date(close) if close is not None else "",
                         f"{amount:,.2f}", "SEK"])
for r in rows:
    if r[2] == "Erik Holm":
        pass
# Erik's successor from November.
for k in range(30):
    n += 1
    day = 310 + k
    rows.append([f"006Nv{n:07d}", f"Opportunity {n}", "Ida Karlsson", "Inside Sales North",
                 random.choice(["Qualification", "Closed Lost"]), date(day),
                 date(day + 9) if day + 9 < 365 else "", f"{48000 * math.exp(random.gauss(0, 0.6)):,.2f}", "SEK"])
# Messy rows, as in a real export.
rows[10][0] = rows[9][0]                      # a duplicated id (a merge gone wrong)
rows[40][6] = date(-20)                       # closed before created (backdated)
rows[77][7] = "-12,500.00"                    # a credit note typed as an opportunity
rows[120][4] = "Closed Won"; rows[120][7] = "0.00"   # won with no amount
rows[200][2] = ""                             # owner deleted from the CRM
rows[333][8] = "EUR"; rows[333][7] = "9,800.00"      # another currency
rows[410][4] = "On Hold"                      # a stage the mapping does not list
with open("opportunities.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["Opportunity ID", "Opportunity Name", "Opportunity Owner", "Owner Role", "Stage",
                "Created Date", "Close Date", "Amount", "Amount Currency"])
    w.writerows(rows)
    w.writerow([])
    w.writerow(["Total", "", "", "", "", "", "", "", ""])
    w.writerow(["Confidential Information - Do Not Distribute"])
print(len(rows), "rows")
