#!/usr/bin/env python3
"""Writes the seed corpora of the import, parquet, analyses and stored targets (fuzz/corpus/<target>/).

Each seed is a file as the target reads it: see the comment at the top of each target for the
leading bytes. The link seeds were written by the crate's own encoder (valid links, scenario
JSON and a saved-scenarios file) and are kept as they are. Run from anywhere:
    python3 fuzz/make_seeds.py
"""
import gzip
import os
import random
from pathlib import Path

FUZZ = Path(__file__).resolve().parent
ROOT = FUZZ.parent

# Indexes into NAMES of fuzz_targets/import.rs.
A_CSV, A_TSV, A_TXT, A_CSV_GZ, A_PARQUET, SPY_CSV, SPY_US_TXT, DGS10_CSV = range(8)
HOLDINGS_CSV = 12
GZIP = 0x10


def step(n):
    """Bits 5-7 of the name byte: read in steps (1: 0 bytes, 2: 1 byte, ... 7: all at once)."""
    return n << 5


# (file, name byte, choices byte, text)
TEXT = [
    ("wide", A_CSV, 0, "date,SPY,QQQ\n2025-01-02,590.1,510\n2025-01-03,591.2,512.5\n2025-01-06,,513\n"),
    ("wide-gz-steps", A_CSV_GZ | GZIP | step(3), 0,
     "date,SPY,QQQ\n2025-01-02,590.1,510\n2025-01-03,591.2,512.5\n2025-01-06,592,513\n"),
    ("semicolon-comma", A_CSV | step(2), 0,
     "date;DAX;CAC\r\n2025-01-02;20.000,5;7400,25\r\n2025-01-03;;7401\r\n2025-01-06;20.100;7380,5\r\n"),
    ("tab", A_TSV, 0, "date\tA\tB\n2025-01-02\t1.5\t2\n2025-01-03\t1.6\t2.1\n"),
    ("yahoo", SPY_CSV, 0,
     "Date,Open,High,Low,Close,Adj Close,Volume\n2025-07-03,1,1,1,10,9,100\n"
     "2025-07-04,null,null,null,null,null,null\n2025-07-07,1,1,1,11,10,100\n"),
    ("yahoo-unadjusted", SPY_CSV, 0x80,
     "Date,Open,High,Low,Close,Adj Close,Volume\n2025-07-03,1,1,1,10,9,100\n2025-07-07,1,1,1,11,10,100\n"),
    ("yfinance", A_CSV, 0,
     "Price,Adj Close,Adj Close,Close,Close\nTicker,IWM,QQQ,IWM,QQQ\nDate,,,,\n"
     "2025-07-07,220.55,551.21,221.71,552.34\n2025-07-08,221.5,550.1,222.6,551.2\n"),
    ("stooq", SPY_US_TXT, 0,
     "Date,Open,High,Low,Close,Volume\n2025-08-01,626.3,627.43,616.91,621.72,141389410\n"
     "2025-08-04,625.57,631.22,625.01,631.17,65856345\n"),
    ("fred", DGS10_CSV, 0, "observation_date,DGS10\n2025-07-03,4.35\n2025-07-04,\n2025-07-07,-0.1\n"),
    ("fred-dot", DGS10_CSV, 0, "DATE,DFF\n2019-06-27,2.38\n2019-06-28,.\n2019-07-01,2.40\n"),
    ("nasdaq", A_CSV, 0,
     "Date,Close/Last,Volume,Open,High,Low\n08/01/2025,$202.38,1,$1,$1,$1\n7/31/2025,$207.57,1,$1,$1,$1\n"),
    ("investing-monthname", A_CSV, 0,
     '"Date","Price","Open","High","Low","Vol.","Change %"\n'
     '"Sep 17, 2025","3,717.00","3,728.00","3,744.30","3,697.90","187.53K","-0.22%"\n'
     '"Sep 16, 2025","3,725.10","3,723.00","3,739.90","3,710.20","164.43K","0.11%"\n'),
    ("investing-eu-bom", A_CSV, 0,
     '\ufeff"Date","Price","Open","High","Low","Vol.","Change %"\n'
     '"13/06/2025","23.516,23","23.490,11","23.591,71","23.350,07","85,62M","-1,07%"\n'
     '"12/06/2025","23.771,45","23.862,70","23.897,37","23.636,20","62,18M","-0,74%"\n'),
    ("long", A_CSV, 0, "date,symbol,close\n2025-01-02,B,2\n2025-01-02,A,1\n2025-01-03,A,1.5\n2025-01-03,B,2.5\n"),
    ("long-extra", A_CSV | step(4), 0,
     "Date,Ticker,Open,High,Low,Close,Adj Close,Volume\n2025-08-11,XLU,84.95,85.21,84.32,84.54,84.01,9245600\n"
     "2025-08-11,XLK,262,263,261,262.5,262.4,100\n2025-08-12,XLU,84.60,85.47,84.40,85.38,84.84,10120300\n"),
    ("ambiguous-dayfirst", A_CSV, 3, "date,SPY\n01/02/2025,1\n01/03/2025,2\n01/04/2025,3\n"),
    ("ambiguous", A_TXT, 0, "date,SPY\n01/02/2025,1\n01/03/2025,2\n01/04/2025,3\n"),
    ("newest-first-duplicates", A_CSV, 0, "date,A\n2025-01-03,3\n2025-01-02,2\n2025-01-02,2.5\n"),
    ("compact-dates-quotes", A_CSV | step(1), 0,
     'date,"A, Inc.","B ""x"""\n20250102,"1,5",2\n20250103,1.75,"2\n"\n2025/01/06 16:00,1.8,2.2\n'),
    ("kind-yield", A_CSV, 3 << 3, "date,X\n2025-01-02,-0.5\n2025-01-03,0\n"),
    ("ragged", A_CSV, 0, "date,A,B\n2025-01-02,1,2\n2025-01-03,1\n"),
    ("negative-price", A_CSV, 0, "date,SPY,QQQ\n2025-01-02,1,2\n2025-01-03,1,-1.5\n"),
    ("holdings", HOLDINGS_CSV, 0,
     'Symbol,Name,Weight (%),Sector\nAAPL,Apple,7.1,Information Technology\n'
     'MSFT,"Microsoft, Corp",6.5,Information Technology\nXOM,Exxon,0,Energy\n'),
    ("holdings-semicolon", HOLDINGS_CSV, 0, "Ticker;Weight;GICS Sector\nAAPL;0,071;IT\nMSFT;0,065;IT\n"),
    ("stooq-nodata", SPY_US_TXT, 0, "No data"),
    ("category-deals", A_CSV, 0,
     "# venture rounds, made up\nAnnounced Date,Company,Sector,Amount Raised,Round Size\n"
     "2025-07-02,Alpha,AI,$13B,$13B\n2025-08-15,Beta,Fintech,500M,\n2025-09-30,Gamma,ai,\"1,250.5K\",2.5bn\n"
     "2025-09-30,Delta,Health,undisclosed,\n"),
    ("category-flows", A_CSV | step(2), 0,
     "quarter_end;segment;flows\n30.09.2025;Equity;-1,5bn\n30.06.2025;Bonds;€200mn\n31.03.2025;Equity;12,25M\n"),
]


def seed(directory, name, data):
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_bytes(data)


def main():
    corpus = FUZZ / "corpus"
    for name, file_byte, choices, text in TEXT:
        seed(corpus / "import", name, bytes([file_byte, choices]) + text.encode())
    # A gzip stream as a file holds it (the fuzzer mutates its bytes; the harness does not zip).
    raw = b"date,A\n2025-01-02,1\n2025-01-03,1.25\n"
    seed(corpus / "import", "gzipped-file", bytes([A_CSV_GZ, 0]) + gzip.compress(raw, mtime=0))
    # The Parquet fixtures, each after a choices byte (bit 7: read in steps).
    for i, path in enumerate(sorted((ROOT / "tests/fixtures/parquet").glob("*.parquet"))):
        choices = 0x80 if i % 3 == 0 else 0
        seed(corpus / "parquet", path.stem, bytes([choices]) + path.read_bytes())
    seed(corpus / "import", "parquet", bytes([A_PARQUET, 0])
         + (ROOT / "tests/fixtures/parquet/duckdb-wide.parquet").read_bytes())
    # Analyses: the bytes drive everything; a few fixed patterns and seeded noise.
    rng = random.Random(8)
    analyses = {
        "zeros": bytes(64),
        "ones": b"\xff" * 64,
        "twenty-symbols": bytes([19]) + bytes(rng.randrange(256) for _ in range(600)),
        "short": b"\x01\x02\x03",
    }
    for i in range(6):
        analyses[f"noise-{i}"] = bytes(rng.randrange(256) for _ in range(rng.randrange(16, 400)))
    for name, data in analyses.items():
        seed(corpus / "analyses", name, data)



def field(b):
    """A length-prefixed field of the stored target (at most 255 bytes)."""
    return bytes([len(b)]) + b


def stored_seeds():
    """Records of the stored target: a good one, and one of each damage the decoder names."""
    import struct
    out = FUZZ / "corpus" / "stored"
    out.mkdir(parents=True, exist_ok=True)
    created = struct.pack("<d", 1764495000000.0)

    def series(symbol, days, values, kind=b'"Price"', basis=b'"Adjusted"'):
        return (field(symbol.encode()) + field(kind) + field(basis)
                + field(b"".join(struct.pack("<i", d) for d in days))
                + field(b"".join(struct.pack("<d", v) for v in values)))

    seeds = {
        "good": field(b"Funds") + field(created) + series("SPY", [20090, 20091], [1.0, 2.0]) + series("QQQ", [20090], [3.5]),
        "day-out-of-range": field(b"Broken") + field(created) + series("BAD", [2147483647], [1.0]),
        "bidi-symbol": field(b"Mirrored") + field(created) + series("SP\u202eY", [20090], [1.0]),
        "unsorted": field(b"Back") + field(created) + series("A", [20091, 20090], [1.0, 2.0]),
        "late": field(b"Late") + field(struct.pack("<d", 8.64e15 + 1)) + series("A", [20090], [1.0]),
    }
    for name, data in seeds.items():
        (out / name).write_bytes(data)


if __name__ == "__main__":
    stored_seeds()
    main()
