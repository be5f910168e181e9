#!/usr/bin/env python3
"""Writes the hand-made seed inputs of the pprof decoder's fuzzer and tests.

    python3 pprof/testdata/make_corpus.py      # rewrites pprof/testdata/corpus

Each input is a small profile.proto (raw or gzip) with exactly one defect,
encoded by hand below (no protobuf library needed); expected.tsv next to this
script says what ParseProfile must answer for each: "ok" or "error" plus a
substring of the message. The Go vectors (tests/testdata/go/*.prof) are the
well-formed seeds; raw (gunzipped) copies of the small ones are written here
too so that the fuzzer mutates protobuf bytes rather than gzip streams.
Output is deterministic (gzip mtime 0).
"""
import gzip
import io
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "corpus")
GO = os.path.join(HERE, "..", "..", "tests", "testdata", "go")


def varint(n):
    n &= (1 << 64) - 1
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def key(field, wire):
    return varint(field << 3 | wire)


def vfield(field, n):  # wire type 0
    return key(field, 0) + varint(n)


def bfield(field, payload):  # wire type 2
    return key(field, 2) + varint(len(payload)) + payload


def packed(field, values):
    return bfield(field, b"".join(varint(v) for v in values))


def value_type(t, u):
    return vfield(1, t) + vfield(2, u)


STRINGS = ["", "samples", "count", "cpu", "nanoseconds", "main", "f", "g",
           "x.go"]


def profile(sample_types=((1, 2), (3, 4)), samples=((1, 2), [3, 30]),
            locations=((1, 0, [1]), (2, 0, [2])), functions=((1, 6), (2, 7)),
            strings=STRINGS, extra=b""):
    """A CPU-like profile: samples are (location ids, values)."""
    if samples and isinstance(samples[0][0], int):
        samples = (samples,)
    out = bytearray()
    for t, u in sample_types:
        out += bfield(1, value_type(t, u))
    for locs, values in samples:
        out += bfield(2, packed(1, locs) + packed(2, values))
    for loc_id, mapping, funcs in locations:
        body = vfield(1, loc_id) + (vfield(2, mapping) if mapping else b"")
        for f in funcs:
            body += bfield(4, vfield(1, f) + vfield(2, 10))
        out += bfield(4, body)
    for fid, name in functions:
        out += bfield(5, vfield(1, fid) + vfield(2, name) + vfield(4, 8))
    for s in strings:
        out += bfield(6, s.encode())
    out += vfield(9, 1700000000000000000)  # time_nanos
    out += bfield(11, value_type(3, 4)) + vfield(12, 10000000)
    out += extra
    return bytes(out)


def gz(data, level=9):
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=level,
                       mtime=0) as f:
        f.write(data)
    return buf.getvalue()


def cases():
    good = profile()
    yield "valid_minimal.pb", good, "ok"
    yield "valid_minimal.pb.gz", gz(good), "ok"
    yield ("string_index_out_of_range.pb",
           profile(functions=((1, 6), (2, 99))),
           "error\tstring index 99 is outside the string table")
    yield ("id_zero_location.pb",
           profile(samples=((0,), [1, 10]), locations=((0, 0, [1]),)),
           "error\thas the reserved id 0")
    yield ("id_zero_function.pb",
           profile(functions=((0, 6), (2, 7))),
           "error\thas the reserved id 0")
    yield ("duplicate_function_ids.pb",
           profile(functions=((1, 6), (1, 7))),
           "error\thave the same id 1")
    yield ("duplicate_location_ids.pb",
           profile(locations=((1, 0, [1]), (1, 0, [2]))),
           "error\thave the same id 1")
    yield ("dangling_location.pb",
           profile(samples=((1, 7), [3, 30])),
           "error\trefers to location id 7, which does not exist")
    yield ("dangling_function.pb",
           profile(locations=((1, 0, [1]), (2, 0, [9]))),
           "error\trefers to function id 9, which does not exist")
    yield ("dangling_mapping.pb",
           profile(locations=((1, 5, [1]), (2, 0, [2]))),
           "error\trefers to mapping id 5, which does not exist")
    yield ("value_count_mismatch.pb",
           profile(samples=((1, 2), [3])),
           "error\thas 1 values, profile has 2 sample types")
    # time_nanos (field 9) as an 11-byte varint.
    yield ("overlong_varint.pb",
           profile(extra=key(9, 0) + b"\xff" * 10 + b"\x01"),
           "error\tvarint longer than 10 bytes")
    yield ("overlong_varint_in_sample.pb",
           good + bfield(2, key(2, 0) + b"\x80" * 10 + b"\x00"),
           "error\tvarint longer than 10 bytes")
    # A sample announcing 200 bytes with 3 present.
    yield ("length_past_end.pb",
           good + key(2, 2) + varint(200) + b"\x08\x01\x10",
           "error\tlength 200 runs past the end")
    yield ("length_past_end_string.pb",
           good + key(6, 2) + varint(1 << 40) + b"abc",
           "error\truns past the end")
    # Wire type 3 (start group) with a matching end group, on an unknown
    # field (libprotobuf would skip it; pprof rejects it).
    yield ("wire_type_3.pb", good + key(20, 3) + vfield(1, 1) + key(20, 4),
           "error\twire type 3")
    yield ("wire_type_4.pb", good + key(20, 4), "error\twire type 4")
    yield ("wire_type_6.pb", good + key(20, 6) + b"\x00" * 8,
           "error\twire type 6")
    yield ("wire_type_7.pb", good + key(20, 7) + b"\x00" * 8,
           "error\twire type 7")
    # A known scalar sent as fixed64: libprotobuf keeps it as an unknown
    # field, pprof rejects the type mismatch.
    yield ("wire_type_mismatch.pb", good + key(9, 1) + b"\x00" * 8,
           "error\twire type 1 where a varint belongs")
    yield ("wire_type_3_in_location.pb",
           profile(extra=bfield(4, vfield(1, 3) + key(4, 3) + key(4, 4))),
           "error\twire type 3")
    # time_nanos twice: valid protobuf, but pprof takes a second non-zero
    # time_nanos for two concatenated profiles and refuses it; after a zero
    # it is accepted (and wins).
    yield ("repeated_time_nanos.pb",
           profile(extra=vfield(9, 1) + vfield(9, 1234567890)),
           "error	time_nanos: appears twice")
    yield ("repeated_time_nanos_after_zero.pb",
           good.replace(vfield(9, 1700000000000000000), vfield(9, 0)) +
           vfield(9, 1234567890), "ok")
    # One profile split across two gzip members: Go's gzip reader (and
    # pprof) read the concatenation.
    half = len(good) // 2
    yield ("concatenated_gzip_members.pb.gz", gz(good[:half]) + gz(good[half:]),
           "ok")
    yield ("gzip_trailing_garbage.pb.gz", gz(good) + b"garbage!",
           "error\tdo not start a new member")
    yield ("gzip_truncated.pb.gz", gz(good)[:-12], "error\ttruncated")
    # 16 MiB of zeros in ~16 KB: over the fuzzer's 4 MiB limit and the
    # 1 MiB limit the corpus test uses.
    yield ("gzip_bomb.gz", gz(b"\0" * (16 << 20)),
           "error\texceeds the limit")
    yield "empty.pb", b"", "error\tprofile is empty"
    yield "no_sample_types.pb", profile(sample_types=(), samples=()), \
        "error\tprofile has no sample types"
    yield ("string_table_0_not_empty.pb", profile(strings=["x"] + STRINGS[1:]),
           "error\tstring_table[0] must be")


def main():
    os.makedirs(OUT, exist_ok=True)
    rows = []
    for name, data, expected in cases():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
        rows.append(name + "\t" + expected)
    for name in ("cpu", "labels", "goroutine", "heap-default",
                 "allocs-default"):
        with open(os.path.join(GO, name + ".prof"), "rb") as f:
            raw = gzip.decompress(f.read())
        out = "go_" + name + ".pb"
        with open(os.path.join(OUT, out), "wb") as f:
            f.write(raw)
        rows.append(out + "\tok")
    with open(os.path.join(HERE, "corpus_expected.tsv"), "w") as f:
        f.write("# <file in corpus/> TAB ok | error TAB <message substring>\n")
        f.write("# written by make_corpus.py\n")
        f.write("\n".join(rows) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
