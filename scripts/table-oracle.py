#!/usr/bin/env python3
"""Independent reading of the corpus tables, for conformance/tables.test.ts.

Reads every table under ../shared/corpus/csv with Python's csv module (or json for JSON lines) and writes
conformance/expected/tables.json: for each file its row count, how many rows are records and how many a reader
must reject, the dialect the file is (from the corpus layout and MANIFEST.tsv descriptions, not from any
sniffing), and a sample of cells with their text and their value as Python's float() reads them.

How it was produced (run from the repository root):

    python3 scripts/table-oracle.py            # writes conformance/expected/tables.json
    python3 scripts/table-oracle.py --check    # exits 1 if the committed file is out of date

Reading rules (the test applies the same ones to nettwin's reader, so the two must agree):
- text is UTF-8 with undecodable bytes replaced (U+FFFD), a leading byte order mark dropped;
- Zeek logs are tab-separated without quoting; every other table is read as CSV with csv.reader defaults
  (quote '"', doubled quotes) and the delimiter that splits the first line: tab if it has a tab and no comma,
  else comma; empty rows are not rows;
- a cell is a number when it matches the decimal grammar below (then float(cell)) or is one of the words
  NaN / Infinity / -Infinity (CIC tables); other cells are not sampled.
"""
import csv
import io
import json
import math
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, '..', 'shared', 'corpus', 'csv')
OUT = os.path.join(ROOT, 'conformance', 'expected', 'tables.json')

DECIMAL = re.compile(r'^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$')
WORDS = {'NaN': 'NaN', 'Infinity': 'Infinity', '-Infinity': '-Infinity'}
SAMPLE_ROWS = 8
SAMPLE_COLS = 16

# Files in the csv folder that are prose, not tables.
NOT_TABLES = re.compile(r'(^README|^ReadMe|\.md$|^Feature_Coding\.txt$)')
# Schema tables that describe a dataset (feature lists, name maps): tables, but of no traffic dialect.
SCHEMA_TABLES = {'Attack_Types.csv', 'Field_Names.csv', 'NUSW-NB15_features.csv'}


def expected_dialect(rel, first_line):
    folder, name = rel.split('/')[0], os.path.basename(rel)
    if name in SCHEMA_TABLES:
        return None
    if folder in ('zeek-baselines', 'zeek-slips'):
        return 'zeek-json' if first_line.lstrip().startswith('{') else 'zeek-tsv'
    return {
        'argus-binetflow': 'argus',
        'cicflowmeter': 'cicids',
        'cicids2017-improved': 'cicids',
        'nsl-kdd': 'nsl-kdd',
        'unsw-nb15': 'unsw-nb15',
        'wireshark-export-derived': 'wireshark-csv',
    }[folder]


def number(text):
    if text in WORDS:
        return WORDS[text]
    if DECIMAL.match(text):
        v = float(text)
        if math.isinf(v):
            return 'Infinity' if v > 0 else '-Infinity'
        return v
    return None


def unique_names(names):
    """Duplicated names get .1, .2 ... as pandas (and nettwin) name them."""
    seen, out = {}, []
    for n in names:
        k = seen.get(n)
        out.append(n if k is None else '%s.%d' % (n, k))
        seen[n] = 1 if k is None else k + 1
    return out


def spread(n, k):
    """k indices spread evenly over range(n), first and last included."""
    if n <= k:
        return list(range(n))
    return sorted({round(i * (n - 1) / (k - 1)) for i in range(k)})


def is_zeek_meta(row):
    cells = [c for c in row if c != '']
    return bool(cells) and cells[0].startswith('#') and (row[0].startswith('#') or row[0] == '')


def read_delimited(rel, text, zeek):
    first = text.split('\n', 1)[0]
    delimiter = '\t' if zeek or ('\t' in first and ',' not in first) else ','
    quoting = csv.QUOTE_NONE if zeek else csv.QUOTE_MINIMAL
    rows = [r for r in csv.reader(io.StringIO(text, newline=''), delimiter=delimiter, quoting=quoting) if r != []]
    return delimiter, rows


def describe_zeek(rows):
    """Records and rejects of a Zeek TSV log: #fields (or a bare header row of names) gives the width."""
    width, header_row, records, rejected, record_of = None, None, 0, 0, {}
    names = None
    for i, r in enumerate(rows):
        if is_zeek_meta(r):
            cells = [c for c in r if c != ''] if r[0] == '' else r
            if cells[0] == '#fields':
                names = r[r.index('#fields') + 1:]
                width = len(names)
            continue
        if width is None:
            names, width, header_row = r, len(r), i
            continue
        if len(r) == width:
            record_of[i] = records
            records += 1
        else:
            rejected += 1
    return names or [], records, rejected, record_of


def describe_table(dialect, rows):
    """Header row (if any), records and rejects of a CSV dialect table."""
    if dialect in ('nsl-kdd',) or (dialect == 'cicids' and rows and re.match(r'^[0-9a-fA-F:.]+-', rows[0][0])):
        names, body_from = None, 0
    elif dialect is None:
        names, body_from = rows[0] if rows else [], 0
    else:
        names, body_from = rows[0], 1
    width = len(rows[body_from]) if len(rows) > body_from else (len(names) if names else 0)
    if names is not None and dialect is not None:
        width = len(names)
    records, rejected, record_of = 0, 0, {}
    for i in range(body_from, len(rows)):
        if len(rows[i]) == width:
            record_of[i] = records
            records += 1
        else:
            rejected += 1
    return names, records, rejected, record_of


def samples_of(rows, names, record_of):
    out = []
    data = [i for i in sorted(record_of)] or list(range(len(rows)))
    for i in [data[j] for j in spread(len(data), SAMPLE_ROWS)]:
        row = rows[i]
        numeric = [c for c in range(len(row)) if number(row[c]) is not None]
        for c in [numeric[j] for j in spread(len(numeric), SAMPLE_COLS)]:
            out.append({
                'row': i,
                'record': record_of.get(i),
                'column': c,
                'name': names[c] if names is not None and c < len(names) else None,
                'text': row[c],
                'value': number(row[c]),
            })
    return out


def read_json_lines(text):
    lines = [l for l in re.split(r'\r\n|\r|\n', text) if l.strip() != '']
    records, rejected, out = 0, 0, []
    objects = []
    for l in lines:
        try:
            v = json.loads(l)
        except ValueError:
            rejected += 1
            continue
        if isinstance(v, dict):
            objects.append(v)
            records += 1
        else:
            rejected += 1
    for j in spread(len(objects), SAMPLE_ROWS):
        for k, v in objects[j].items():
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                out.append({'row': j, 'record': j, 'column': None, 'name': k, 'text': json.dumps(v), 'value': float(v)})
    return len(lines), records, rejected, out


def describe(path, rel):
    with open(path, 'rb') as f:
        raw = f.read()
    text = raw.decode('utf-8', errors='replace')
    if text.startswith('\ufeff'):
        text = text[1:]
    first = text.lstrip().split('\n', 1)[0]
    dialect = expected_dialect(rel, first)
    entry = {'path': rel, 'bytes': len(raw), 'dialect': dialect}
    if dialect == 'zeek-json':
        rows, records, rejected, samples = read_json_lines(text)
        entry.update({'format': 'json-lines', 'rows': rows, 'records': records, 'rejected': rejected, 'samples': samples})
        return entry
    zeek = dialect == 'zeek-tsv'
    delimiter, rows = read_delimited(rel, text, zeek)
    if zeek:
        names, records, rejected, record_of = describe_zeek(rows)
    else:
        names, records, rejected, record_of = describe_table(dialect, rows)
    if names is not None:
        names = unique_names([n.strip() for n in names])
    entry.update({
        'format': 'delimited',
        'delimiter': delimiter,
        'quotes': not zeek,
        'rows': len(rows),
        'widths': sorted({len(r) for r in rows}),
        'records': records,
        'rejected': rejected,
        'samples': samples_of(rows, names, record_of),
    })
    return entry


def main():
    if not os.path.isdir(CORPUS):
        sys.exit('corpus not found at ' + CORPUS)
    files = []
    for d, _, names in os.walk(CORPUS):
        for n in names:
            if not NOT_TABLES.search(n):
                files.append(os.path.relpath(os.path.join(d, n), CORPUS).replace(os.sep, '/'))
    files.sort()
    result = {'generatedBy': 'scripts/table-oracle.py', 'python': sys.version.split()[0],
              'files': [describe(os.path.join(CORPUS, f), f) for f in files]}
    # One file per line: small diffs when the corpus changes.
    head = json.dumps({k: v for k, v in result.items() if k != 'files'}, ensure_ascii=False)[:-1]
    body = ',\n'.join(json.dumps(f, ensure_ascii=False, allow_nan=False, separators=(',', ':')) for f in result['files'])
    text = head + ', "files": [\n' + body + '\n]}\n'
    if '--check' in sys.argv:
        with open(OUT, encoding='utf-8') as f:
            sys.exit(0 if f.read() == text else 1)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w', encoding='utf-8') as f:
        f.write(text)
    print('wrote %s: %d tables' % (os.path.relpath(OUT, ROOT), len(files)))


if __name__ == '__main__':
    main()
