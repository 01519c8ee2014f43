#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the guest's '# bench:' lines into results.csv, results.json, a
summary table with ratios, and a gnuplot script for bench.png.

  bench-report.py ARTIFACTS OUT [--smoke] [--impl TEXT]

--impl names the data checksums' implementation in the kernel measured.
"""
import csv
import json
import re
import statistics
import sys
from collections import defaultdict
from pathlib import Path

artifacts, out = Path(sys.argv[1]), Path(sys.argv[2])
smoke = "--smoke" in sys.argv[3:]
impl = sys.argv[sys.argv.index("--impl") + 1] if "--impl" in sys.argv else "unknown"
rows = []  # (metric, config, mib, rep, value)


def bench_lines(path):
    for line in path.read_text(errors="replace").splitlines():
        m = re.match(r"# bench: (\S+) (\S+) (\d+) (\d+) (\d+)$", line.strip())
        if m:
            rows.append((m[1], m[2], int(m[3]), int(m[4]), int(m[5])))


bench_lines(artifacts / "bench-main" / "results.log")
bench_lines(artifacts / "bench-reserve" / "results.log")
if (artifacts / "bench-scale" / "results.log").exists():
    bench_lines(artifacts / "bench-scale" / "results.log")
if (out / "host.log").exists():
    bench_lines(out / "host.log")


def shutdown_times():
    """Seconds from 'kexec -e' to the jump into the next kernel, per kexec."""
    res = (artifacts / "bench-main" / "results.log").read_text(errors="replace")
    con = (artifacts / "bench-main" / "console.log").read_text(errors="replace")
    at = [float(x) for x in re.findall(r"# harness: kexec -e at uptime ([\d.]+)", res)]
    jump = [float(x) for x in re.findall(r"\[\s*([\d.]+)\] kexec_core: Starting new kernel", con)]
    return [j - a for a, j in zip(at, jump)]


# The kexec out of stage s is measured in stage s + 1: the first stages,
# one per boot that reported userspace_at empty, had nothing preserved,
# then small and huge alternate, one repetition per pair.
empty = max(1, sum(1 for r in rows if r[0] == "userspace_at" and r[1] == "empty"))
for i, sec in enumerate(shutdown_times()):
    stage = i + 1
    if stage <= empty:
        rows.append(("shutdown", "empty", 0, stage, int(sec * 1e6)))
    else:
        s = stage - empty + 1
        config = "small" if s % 2 == 0 else "huge"
        rows.append(("shutdown", config, 0, s // 2, int(sec * 1e6)))

with open(out / "results.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["metric", "config", "mib", "rep", "value"])
    w.writerows(rows)

groups = defaultdict(list)
for metric, config, mib, rep, value in rows:
    groups[(metric, config, mib)].append(value)
stats = {k: {"median": statistics.median(v), "min": min(v), "max": max(v), "n": len(v)}
         for k, v in groups.items()}
with open(out / "results.json", "w") as f:
    json.dump([{"metric": k[0], "config": k[1], "mib": k[2], **v} for k, v in sorted(stats.items())],
              f, indent=1)


def med(metric, config, mib=0):
    s = stats.get((metric, config, mib))
    return s["median"] if s else None


def cell(metric, config, mib=0, scale=1000.0, unit="ms"):
    s = stats.get((metric, config, mib))
    if not s:
        return "-"
    return f"{s['median'] / scale:.1f} [{s['min'] / scale:.1f}-{s['max'] / scale:.1f}]"


def ratio(a, b):
    return f"{a / b:.1f}x" if a and b else "-"


sizes = sorted({mib for (m, c, mib) in stats if m == "pram_save" and c in ("small", "huge")})
lines = []
p = lines.append
p("PRAM benchmark" + (" (SMOKE RUN: tiny sizes, one repetition; not for reading)" if smoke else ""))
p("All times measured in the guest under QEMU TCG; median [min-max] of the repetitions.")
p("Compare ratios within this run, not absolute times.")
p("")
p("1. tmpfs kept over kexec, ms")
hdr = f"{'pages':6} {'MiB':>5} | {'pram save':>22} {'pram restore':>22} {'pram read':>22} | {'disk save+sync':>22} {'disk read (cold)':>22} | {'cp -a in RAM':>22}"
p(hdr)
p("-" * len(hdr))
for config in ("small", "huge"):
    for mib in sizes:
        p(f"{config:6} {mib:>5} | {cell('pram_save', config, mib):>22} {cell('pram_restore', config, mib):>22} "
          f"{cell('pram_read', config, mib):>22} | {cell('disk_save', config, mib):>22} "
          f"{cell('disk_read', config, mib):>22} | {cell('ram_copy', config, mib):>22}")
p("")
p("   Ratios (medians): disk save+read over PRAM save+restore; RAM copy over PRAM save")
for config in ("small", "huge"):
    for mib in sizes:
        ps, pr = med("pram_save", config, mib), med("pram_restore", config, mib)
        ds, dr = med("disk_save", config, mib), med("disk_read", config, mib)
        rc = med("ram_copy", config, mib)
        p(f"   {config:6} {mib:>5} MiB: disk/PRAM {ratio((ds or 0) + (dr or 0), (ps or 0) + (pr or 0))}"
          f"   (save {ratio(ds, ps)}, restore {ratio(dr, pr)})   cp-in-RAM/PRAM-save {ratio(rc, ps)}")
p("")
p("   ns per 4 KiB page (medians; under TCG; Oracle's PKRAM saved natively at about 96 ns/page)")
for config in ("small", "huge"):
    for mib in sizes:
        pages = mib * 256
        ps, pr = med("pram_save", config, mib), med("pram_restore", config, mib)
        if ps is None or pr is None:
            continue
        p(f"   {config:6} {mib:>5} MiB: save {ps * 1000 / pages:>7.0f}   restore {pr * 1000 / pages:>7.0f}")
copy = med("page_copy", "guest")
ncs = [k[2] for k in stats if k[0] == "pram_save" and k[1] == "nocsum"]
if copy and ncs:
    mib, pages = ncs[0], ncs[0] * 256
    p(f"   as multiples of a 4 KiB page copied in the same guest ({copy:.0f} ns), {mib} MiB, small pages:")
    for what, config in (("without checksums", "nocsum"), ("with checksums", "small")):
        ps, pr = med("pram_save", config, mib), med("pram_restore", config, mib)
        if ps is None or pr is None:
            continue
        p(f"   {what:18}: save {ps * 1000 / pages / copy:>5.2f} copies   restore {pr * 1000 / pages / copy:>5.2f} copies")
p("")
ncs = [k[2] for k in stats if k[0] == "pram_save" and k[1] == "nocsum"]
if ncs:
    mib = ncs[0]
    cpus = med("cpus", "guest")
    p(f"2. Checksums: {impl}, shared by {int(cpus) if cpus else '?'} CPUs; {mib} MiB, small pages, ms")
    p(f"   save    with {cell('pram_save', 'small', mib)}  without {cell('pram_save', 'nocsum', mib)}"
      f"  -> checksums cost {ratio(med('pram_save', 'small', mib), med('pram_save', 'nocsum', mib))} on save")
    p(f"   restore with {cell('pram_restore', 'small', mib)}  without {cell('pram_restore', 'nocsum', mib)}"
      f"  -> {ratio(med('pram_restore', 'small', mib), med('pram_restore', 'nocsum', mib))} on restore")
    for where, what in (("guest", "in the guest (TCG)"), ("host", "on the host (native)")):
        sw, hw, xx = med("crc32c_sw", where), med("crc32c_hw", where), med("xxh64", where)
        if xx is not None:
            p(f"   xxh64 of one 4 KiB page {what:23}: {xx:>6.0f} ns")
        if sw is not None:
            p(f"   crc32c of one 4 KiB page {what:22}: table-driven {sw:>6.0f} ns, "
              f"SSE4.2 instruction {hw:>6.0f} ns" if hw and hw > 0 else
              f"   crc32c of one 4 KiB page {what:22}: table-driven {sw:>6.0f} ns, no SSE4.2")
    p("")
p("3. Boot-time reservation in the next kernel, in thousands of TSC cycles")
p("   (sched_clock may still run on jiffies that early under TCG; the TSC does not)")
p("   (an extent is a run of pages or a map of 64; the next kernel reserves runs, and a map's")
p("   span as one run while the pages between fit in a quarter of the RAM left free;")
p("   record: the walk after it that checks every page against the runs and records each node)")
p(f"   {'layout':11} {'MiB':>5} {'extents':>9} {'runs':>9} {'reserve kcycles':>30} {'cycles/run':>11} {'Mcycles/GiB':>12}"
  f" {'record Mcycles/GiB':>19}")
res_sizes = sorted({k[2] for k in stats if k[0] == "reserve_kcycles"})
for layout in ("contiguous", "scattered", "huge"):
    for mib in res_sizes:
        kc, ext = med("reserve_kcycles", layout, mib), med("extents", layout, mib) or 0
        runs, rc = med("runs", layout, mib) or 0, med("record_kcycles", layout, mib)
        if kc is None:
            continue
        p(f"   {layout:11} {mib:>5} {int(ext):>9} {int(runs):>9} {cell('reserve_kcycles', layout, mib, 1, 'kc'):>30} "
          f"{(kc * 1000 / runs if runs else 0):>11.0f} {kc * 1024 / mib / 1000:>12.1f}"
          f" {(rc * 1024 / mib / 1000 if rc is not None else 0):>19.1f}")
p("")
p("4. Downtime: kexec -e until the data is mounted in the next kernel, ms")
for config in ("empty", "small", "huge"):
    sd, ua = med("shutdown", config), med("userspace_at", config)
    ra = med("restore_all", config) or 0
    if sd is None or ua is None:
        continue
    what = "nothing preserved" if config == "empty" else f"{'+'.join(map(str, sizes))} MiB ({config} pages)"
    p(f"   {what:36}: shutdown {sd / 1000:.0f} + boot to user space {ua / 1000:.0f} + mounts {ra / 1000:.0f}"
      f" = {(sd + ua + ra) / 1000:.0f}")
p("")
p("5. Metadata per preserved GiB (measured: pages reserved minus data pages)")
for layout in ("scattered", "contiguous", "huge"):
    for mib in res_sizes:
        mp = med("meta_pages", layout, mib)
        if mp is None:
            continue
        per_gib = mp * 4096 * 1024 / mib
        p(f"   {layout:11} {mib:>5} MiB: {int(mp):>6} pages = {per_gib / 1024:>8.0f} KiB/GiB"
          f" = {mp * 4096 / (mib * 256):>5.2f} B per 4 KiB page")
p(f"   2013 PRAM format, 16 B per 4 KiB page: {16 * 262144 / 1024:.0f} KiB/GiB; KHO bitmap, 1 bit per page: {262144 / 8 / 1024:.0f} KiB/GiB")
scale = sorted({k[2] for k in stats if k[0] == "scale_save"})
if scale:
    p("")
    p("6. Scale: one tmpfs of 4 KiB pages in a 16 GiB guest, every byte compared; ms per GiB")
    p("   (finalize: at kexec, in the previous kernel; reserve and record: early in the next kernel's")
    p("   boot, see 3; restore: the mount; check: the checksums' check, behind the mount when")
    p("   the mount came while the background check was on the data, which then lets go of it)")
    phases = ("scale_save", "scale_finalize", "scale_reserve", "scale_record", "scale_restore",
              "scale_check")
    p(f"   {'GiB':>4} " + " ".join(f"{ph[6:]:>9}" for ph in phases) + f" {'bitmap KiB':>11} {'ext pages':>10}")
    per = {ph: [] for ph in phases}
    for gib in scale:
        row = []
        for ph in phases:
            v = med(ph, "small", gib)
            row.append(f"{v / 1000 / gib:>9.1f}" if v is not None else f"{'-':>9}")
            if v is not None:
                per[ph].append(v / gib)
        bm, ep = med("scale_bitmap_kib", "small", gib), med("scale_extent_pages", "small", gib)
        p(f"   {gib:>4} " + " ".join(row) + f" {int(bm) if bm is not None else '-':>11} {int(ep) if ep is not None else '-':>10}")
    spread = [f"{ph[6:]} {max(v) / min(v):.2f}x" for ph, v in per.items() if len(v) > 1 and min(v) > 0]
    if spread:
        p("   largest over smallest per-GiB time (linear: at most 1.5x): " + ", ".join(spread))
model = []
if (out / "model.log").exists():
    for line in (out / "model.log").read_text().splitlines():
        f = line.split()
        if len(f) == 11:
            model.append((f[0], int(f[1]), int(f[2]), int(f[3]), int(f[4]),
                          *map(float, f[5:9]), int(f[9]), int(f[10])))
if model:
    p("")
    p("7. Model: the series' extent writer, take-over checks and reservation walk built in userspace")
    p("   (model/), natively on this machine, one node per GiB; ms per GiB, and the memory the phases need")
    p(f"   {'layout':11} {'GiB':>5} {'extents':>9} {'runs':>10} {'finalize':>9} {'check':>7} {'reserve':>8} {'record':>7}"
      f" {'fin MiB':>8} {'rec MiB':>8}")
    for lay in ("contiguous", "scattered"):
        rows_l = [r for r in model if r[0] == lay]
        for r in rows_l:
            g = r[1]
            p(f"   {lay:11} {g:>5} {r[3]:>9} {r[4]:>10} {r[5] / g:>9.2f} {r[6] / g:>7.2f} {r[7] / g:>8.2f}"
              f" {r[8] / g:>7.2f} {r[9] / 1024:>8.1f} {r[10] / 1024:>8.1f}")
        if len(rows_l) > 1:
            spread = []
            for i, name in ((5, "finalize"), (6, "check"), (7, "reserve"), (8, "record")):
                per = [r[i] / r[1] for r in rows_l if r[i] > 0]
                if len(per) > 1 and min(per) > 0:
                    spread.append(f"{name} {max(per) / min(per):.2f}x")
            p(f"   {lay}: largest over smallest per-GiB time: " + ", ".join(spread))
(out / "summary.txt").write_text("\n".join(lines) + "\n")

# Plot data and a gnuplot script: reservation time against extents, and
# PRAM against the alternatives for small pages.
with open(out / "reserve.dat", "w") as f:
    for layout in ("contiguous", "scattered", "huge"):
        f.write(f"# {layout}\n")
        for (m, c, mib), s in sorted(stats.items()):
            if m == "reserve_kcycles" and c == layout:
                f.write(f"{med('runs', c, mib)} {s['median']} {s['min']} {s['max']}\n")
        f.write("\n\n")
with open(out / "tmpfs.dat", "w") as f:
    for mib in sizes:
        vals = [med(m, "small", mib) or 0 for m in ("pram_save", "pram_restore", "disk_save", "disk_read", "ram_copy")]
        f.write(f"{mib} " + " ".join(f"{v / 1000:.1f}" for v in vals) + "\n")
(out / "bench.gp").write_text(f"""set terminal pngcairo size 1200,500 noenhanced
set output '{out}/bench.png'
set multiplot layout 1,2 title 'PRAM under QEMU TCG{" (smoke run)" if smoke else ""}'
set title 'Boot-time reservation'
set xlabel 'runs of pages'
set ylabel 'thousand TSC cycles'
set key top left
plot '{out}/reserve.dat' index 0 using 1:2:3:4 with yerrorlines title 'contiguous', \\
     '' index 1 using 1:2:3:4 with yerrorlines title 'scattered', \\
     '' index 2 using 1:2:3:4 with yerrorlines title 'huge=always tmpfs'
set title 'tmpfs, small pages (medians)'
set xlabel 'MiB'
set ylabel 'milliseconds'
set style data histograms
set style histogram cluster gap 1
set style fill solid 0.8
set key top left
plot '{out}/tmpfs.dat' using 2:xtic(1) title 'PRAM save', '' using 3 title 'PRAM restore', \\
     '' using 4 title 'disk save+sync', '' using 5 title 'disk read', '' using 6 title 'cp -a in RAM'
unset multiplot
""")
