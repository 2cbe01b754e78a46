#!/usr/bin/env python3
"""Runs the benchmark workloads round-robin over every variant (A B C A B C ...) and prints a Markdown table.

Driven by bench/run, which builds the tools, starts a throwaway PostgreSQL and passes everything in on the command
line. Standard library only.
"""
import argparse
import datetime
import os
import platform
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Targets from the issue: schemahook / Flyway CLI, on the same machine in the same run.
TARGETS = {
    "noop-100": {"wall": 0.5, "rss": 0.8},
    "await-100": {"wall": 0.5, "rss": 0.8},
    "apply-1000": {"wall": 1.0},
}
# The folder layouts of bench/run besides the plain one, each with its target: the same as on a clean folder.
LAYOUTS = {
    "image": "the folder as a user's image has it: the runner image's /migrations with the SQL and a .gitkeep",
    "configmap": "a ConfigMap mount: `..data` a link to a timestamped folder, each file a link into it",
}
for _layout in LAYOUTS:
    TARGETS[f"noop-100@{_layout}"] = TARGETS["noop-100"]
    TARGETS[f"await-100@{_layout}"] = TARGETS["await-100"]


def split(workload):
    """noop-100@image -> ("noop", 100, "image"); the layout is None for the plain folder."""
    name, _, layout = workload.partition("@")
    kind, count = name.split("-")
    return kind, int(count), layout or None
# Extra time schemahook may add over Flyway between 100 and 1000 applied migrations before the growth check fails:
# the noise floor of one median on this machine, not a per-migration allowance.
GROWTH_TOLERANCE_S = 0.05


def log(message):
    print(message, file=sys.stderr, flush=True)


class Bench:
    def __init__(self, args):
        self.a = args
        self.base_url = f"jdbc:postgresql://127.0.0.1:{args.port}/"

    # --- database helpers (never timed) -------------------------------------------------------------------------
    def psql(self, database, *sql, capture=False):
        command = ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(self.a.port),
                   "-U", "postgres", "-d", database]
        for statement in sql:
            command += ["-c", statement]
        result = subprocess.run(command, check=True, capture_output=True, text=True)
        return result.stdout.strip() if capture else None

    def fresh_database(self, name):
        self.psql("postgres", f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}")

    def drop_database(self, name):
        self.psql("postgres", f"DROP DATABASE IF EXISTS {name}")

    # --- commands ------------------------------------------------------------------------------------------------
    def command(self, variant, operation, database, count, layout=None):
        """The command line of one run; operation is migrate or await."""
        tool, java, flags = variant["tool"], variant.get("java"), variant.get("flags", [])
        url = self.base_url + database
        location = f"filesystem:{self.a.migrations}/{count}" + (f"@{layout}" if layout else "")
        if tool == "schemahook":
            verb = ["await", "--timeout", "30s"] if operation == "await" else ["migrate"]
            return [java, *flags, "-jar", self.a.schemahook_jar, *verb, "--url", url, "--user", "postgres",
                    "--locations", location]
        if tool == "flyway":
            # validate is what a Flyway user runs to check that every migration of the image is applied: it fails on
            # a pending one, as await keeps waiting on one.
            verb = "validate" if operation == "await" else "migrate"
            return [java, *flags, "-cp", os.path.join(self.a.flyway_lib, "*"), "org.flywaydb.commandline.Main",
                    "-skipCheckForUpdate", f"-url={url}", "-user=postgres", f"-locations={location}", verb]
        if tool == "flyway_api":
            verb = "validate" if operation == "await" else "migrate"
            return [java, *flags, "-cp", self.a.flyway_api_classpath, "FlywayApi", url, "postgres", location, verb]
        if tool == "psql":
            connection = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(self.a.port),
                          "-U", "postgres", "-d", database]
            if operation == "apply":
                return connection + ["-f", os.path.join(self.a.migrations, f"floor-{count}.sql")]
            # Reading the history is the least any tool must do to know there is nothing to apply.
            return connection + ["-c", "SELECT installed_rank, version, checksum, success FROM floor_history"
                                       " ORDER BY installed_rank"]
        raise ValueError(tool)

    def measure(self, command):
        """Wall time (s), peak RSS (KiB) and CPU time (s, user + system) of one process, from /usr/bin/time; fails
        loudly on a non-zero exit."""
        started = time.monotonic()
        result = subprocess.run([self.a.time, "-f", "BENCH %e %M %U %S", *command], capture_output=True, text=True,
                                env=self.env)
        elapsed = time.monotonic() - started
        if result.returncode != 0:
            log("FAILED: " + " ".join(command) + "\n" + result.stdout[-2000:] + result.stderr[-4000:])
            sys.exit(1)
        line = [l for l in result.stderr.splitlines() if l.startswith("BENCH ")][-1]
        _, _, rss, user, system = line.split()
        # GNU time rounds wall time to 10 ms; our own clock is finer and includes only fork/exec beyond it.
        return elapsed, int(rss), float(user) + float(system)

    # --- workloads -----------------------------------------------------------------------------------------------
    def prepare_applied(self, variant, count, layout=None):
        """A database holding `count` applied migrations, made by the variant's own tool (untimed)."""
        database = f"bench_{variant['key']}_{count}" + (f"_{layout}" if layout else "")
        self.fresh_database(database)
        if variant["tool"] == "psql":
            self.run_untimed(self.command(variant, "apply", database, count))
        else:
            self.run_untimed(self.command(variant, "migrate", database, count, layout))
        return database

    def run_untimed(self, command):
        result = subprocess.run(command, capture_output=True, text=True, env=self.env)
        if result.returncode != 0:
            log("FAILED: " + " ".join(command) + "\n" + result.stderr[-4000:])
            sys.exit(1)

    def check_applied(self, variant, database, count):
        table = "floor_history" if variant["tool"] == "psql" else "flyway_schema_history"
        rows = int(self.psql(database, f"SELECT count(*) FROM {table} WHERE success", capture=True))
        if rows != count:
            log(f"FAILED: {variant['name']} left {rows} applied migrations in {database}, expected {count}")
            sys.exit(1)

    def run_group(self, group, variants):
        """Runs the workloads of `group` in the same rounds, so that they can be compared with each other too."""
        samples = {w: {v["key"]: [] for v in variants} for w in group}
        databases = {}
        for workload in group:
            kind, count, layout = split(workload)
            if kind in ("noop", "await"):
                databases[workload] = {v["key"]: self.prepare_applied(v, count, layout) for v in variants}
        # One untimed warm-up run per row: page cache, the database's own caches.
        for variant in variants:
            for workload in group:
                self.one_run(workload, variant, databases.get(workload), timed=False)
        for repetition in range(self.a.repetitions):
            for variant in variants:  # A B C ... then again: drift on a shared machine hits every variant alike
                for workload in group:
                    samples[workload][variant["key"]].append(
                        self.one_run(workload, variant, databases.get(workload), timed=True))
            log(f"  {'+'.join(group)}: repetition {repetition + 1}/{self.a.repetitions} done")
        for per_variant in databases.values():
            for database in per_variant.values():
                self.drop_database(database)
        return samples

    def one_run(self, workload, variant, databases, timed):
        kind, count, layout = split(workload)
        if kind == "apply":
            database = f"bench_apply_{variant['key']}"
            self.fresh_database(database)
            operation = "apply" if variant["tool"] == "psql" else "migrate"
            sample = self.measure(self.command(variant, operation, database, count))
            self.check_applied(variant, database, count)
            self.drop_database(database)
        else:
            operation = "await" if kind == "await" else "migrate"
            sample = self.measure(self.command(variant, operation, databases[variant["key"]], count, layout))
        return sample if timed else None

    # --- report --------------------------------------------------------------------------------------------------
    def main(self):
        self.env = dict(os.environ)
        variants = self.variants()
        workloads = self.a.workloads.split(",")
        # The no-op workloads share their rounds: the growth check compares them, and drift between two separate
        # stretches of time on a shared machine would otherwise show up as growth.
        groups = [[w for w in workloads if w.startswith("noop-")]] + [[w] for w in workloads if not w.startswith("noop-")]
        results = {}
        for group in filter(None, groups):
            log(f"workload {'+'.join(group)}: {len(variants)} variants x {self.a.repetitions} repetitions, round-robin")
            results.update(self.run_group(group, variants))
        report = self.render(variants, workloads, results)
        print(report)
        if self.a.output:
            with open(self.a.output, "w") as out:
                out.write(report)
            log(f"wrote {self.a.output}")

    def variants(self):
        short = self.a.short_lived_flags.split()
        java17, java25 = self.a.java17, self.a.java25
        rows = [
            {"key": "flyway", "tool": "flyway", "java": java17, "name": "Flyway CLI 12.5.0, `java` (JDK 17)",
             "reference": True},
            {"key": "flyway_flags", "tool": "flyway", "java": java17, "flags": short,
             "name": "Flyway CLI 12.5.0, short-lived JVM flags (JDK 17)"},
            {"key": "flyway_api", "tool": "flyway_api", "java": java17, "flags": short,
             "name": f"Flyway {self.a.schemahook_flyway} API alone (schemahook's Flyway), short-lived JVM flags (JDK 17)"},
            {"key": "sh_plain", "tool": "schemahook", "java": java17, "name": "schemahook, `java -jar` (JDK 17)"},
            {"key": "sh_flags", "tool": "schemahook", "java": java17, "flags": short,
             "name": "schemahook, short-lived JVM flags (JDK 17)"},
        ]
        image = self.a.image_flags.split()
        if self.a.appcds:
            rows.append({"key": "sh_appcds", "tool": "schemahook", "java": java17,
                         "flags": image + [f"-XX:SharedArchiveFile={self.a.appcds}"],
                         "name": "schemahook, image's jvm.options + AppCDS from the image's training run (JDK 17)"})
        if self.a.aot:
            rows.append({"key": "sh_aot", "tool": "schemahook", "java": java25,
                         "flags": image + [f"-XX:AOTCache={self.a.aot}"],
                         "name": "schemahook, image's jvm.options + AOT cache from the image's training run,"
                                 " as the JVM image runs it (JDK 25)"})
        rows.append({"key": "psql", "tool": "psql", "name": "`psql` floor (same SQL, no tool)"})
        return rows

    def render(self, variants, workloads, results):
        lines = [f"# schemahook benchmark, {datetime.date.today().isoformat()}", ""]
        lines += ["Produced by `" + self.a.command_line + "`.", ""]
        lines += ["## Machine and versions", ""]
        for key, value in self.machine():
            lines.append(f"- {key}: {value}")
        lines += ["", f"Medians of {self.a.repetitions} runs per row, taken round-robin over all rows of a workload "
                      "(one run of each row, then the next round; the no-op workloads share their rounds), after one untimed "
                      "warm-up run per row. "
                      "Wall time is from fork to exit; peak RSS is the process's maximum resident set "
                      "(`/usr/bin/time` %M); CPU is the process's own user and system time (%U + %S), which leaves "
                      "out PostgreSQL's work, so it shows what each tool itself spends even when the machine's speed "
                      "moves the wall time. Ratios are against the first row, the Flyway CLI as a user runs it; \"Rounds "
                      "faster\" counts the rounds in which a row's run took less wall time than the Flyway CLI's run of the "
                      "same round; the next-to-last column compares a row with the Flyway CLI run with the same JVM flags.", ""]
        medians = {}
        for workload in workloads:
            lines += [f"## {self.title(workload)}", "",
                      "| Variant | Wall median (s) | Wall min–max (s) | Wall vs Flyway CLI | Rounds faster than Flyway CLI "
                      "| Peak RSS median (MiB) | RSS vs Flyway CLI | CPU median (s) | CPU vs Flyway CLI "
                      "| Wall, RSS vs Flyway CLI with the same flags | Target (vs Flyway CLI) |",
                      "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
            # (wall, RSS, CPU) medians of every row, computed once; the Flyway CLI rows are the references.
            row = {key: tuple(map(statistics.median, zip(*samples))) for key, samples in results[workload].items()}
            ref_wall, ref_rss, ref_cpu = row["flyway"]
            flag_wall, flag_rss, _ = row["flyway_flags"]
            ref_walls = [s[0] for s in results[workload]["flyway"]]
            for variant in variants:
                walls = [s[0] for s in results[workload][variant["key"]]]
                wall, rss, cpu = row[variant["key"]]
                medians[(workload, variant["key"])] = wall
                target = self.verdict(workload, variant, wall / ref_wall, rss / ref_rss)
                # Each round runs every row once, so a row and the reference in the same round met the same machine.
                faster = "" if variant.get("reference") else \
                    f"{sum(w < r for w, r in zip(walls, ref_walls))} of {len(walls)}"
                same = ""
                if variant["tool"] == "schemahook" and variant.get("flags"):
                    same = f"{wall / flag_wall:.2f}×, {rss / flag_rss:.2f}×"
                lines.append(f"| {variant['name']} | {wall:.3f} | {min(walls):.3f}–{max(walls):.3f} | "
                             f"{wall / ref_wall:.2f}× | {faster} | {rss / 1024:.1f} | {rss / ref_rss:.2f}× | {cpu:.2f} | "
                             f"{cpu / ref_cpu:.2f}× | {same} | {target} |")
            lines.append("")
        if "noop-100" in workloads and "noop-1000" in workloads:
            lines += self.growth(variants, medians)
        return "\n".join(lines) + "\n"

    @staticmethod
    def title(workload):
        kind, count, layout = split(workload)
        title = {
            "noop": f"No-op `migrate`, {count} migrations already applied",
            "apply": f"Applying {count} small migrations to an empty database",
            "await": f"`await` on an up-to-date database ({count} applied; Flyway CLI: `validate`)",
        }[kind]
        return title + (f", {LAYOUTS[layout]}" if layout else "")

    @staticmethod
    def verdict(workload, variant, wall_ratio, rss_ratio):
        target = TARGETS.get(workload)
        if target is None or variant["tool"] != "schemahook":
            return ""
        parts = []
        if "wall" in target:
            parts.append(("pass" if wall_ratio <= target["wall"] else "FAIL") + f" wall ≤ {target['wall']}×")
        if "rss" in target:
            parts.append(("pass" if rss_ratio <= target["rss"] else "FAIL") + f" RSS ≤ {target['rss']}×")
        return ", ".join(parts)

    def growth(self, variants, medians):
        lines = ["## Growth with the number of applied migrations (no-op `migrate`, 1000 vs 100 applied)", "",
                 "What schemahook does beyond Flyway must not grow with the history. The reference is Flyway's own "
                 "work: the Flyway API row, which runs the same Flyway version as schemahook with the same JVM flags "
                 "(the Flyway CLI is a newer Flyway, whose per-migration cost differs). A schemahook row passes when "
                 f"its growth is at most the reference's plus {GROWTH_TOLERANCE_S:.2f} s of noise.", "",
                 "| Variant | 100 applied (s) | 1000 applied (s) | Growth (s) | Growth beyond Flyway's own (s) | Check |",
                 "|---|---:|---:|---:|---:|---|"]
        reference = medians[("noop-1000", "flyway_api")] - medians[("noop-100", "flyway_api")]
        for variant in variants:
            small, large = medians[("noop-100", variant["key"])], medians[("noop-1000", variant["key"])]
            beyond, check = "", ""
            if variant["tool"] == "schemahook":
                beyond = f"{large - small - reference:+.3f}"
                check = "pass" if large - small <= reference + GROWTH_TOLERANCE_S else "FAIL"
            lines.append(f"| {variant['name']} | {small:.3f} | {large:.3f} | {large - small:+.3f} | {beyond} | {check} |")
        lines.append("")
        return lines

    def machine(self):
        def first(command):
            try:
                return subprocess.run(command, capture_output=True, text=True).stdout.strip()
            except OSError:
                return "unknown"

        cpu = "unknown"
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as info:
            memory = int(info.readline().split()[1]) / 1024 / 1024

        def java_version(java):
            out = subprocess.run([java, "-version"], capture_output=True, text=True).stderr.splitlines()
            return out[1].strip() if len(out) > 1 else "unknown"

        return [
            ("CPU", f"{cpu}, {os.cpu_count()} cores (`nproc`: {first(['nproc'])}; shared with other work while measured)"),
            ("Memory", f"{memory:.1f} GiB"),
            ("OS", f"{platform.system()} {platform.release()}"),
            ("JDK 17", java_version(self.a.java17)),
            ("JDK 25", java_version(self.a.java25)),
            ("schemahook", self.a.schemahook_version + " (Quarkus " + self.a.quarkus_version + ", Flyway "
             + self.a.schemahook_flyway + ")"),
            ("Flyway CLI", "org.flywaydb:flyway-commandline 12.5.0 with flyway-database-postgresql 12.5.0 and the "
                           "PostgreSQL driver from Maven Central, run with `-skipCheckForUpdate`"),
            ("PostgreSQL", first(["psql", "-X", "-A", "-t", "-h", "127.0.0.1", "-p", str(self.a.port), "-U", "postgres",
                                  "-c", "SHOW server_version"]) + " on localhost TCP, fsync off (throwaway)"),
            ("Short-lived JVM flags", "`" + self.a.short_lived_flags + "`"),
            ("The image's JVM options", "`" + self.a.image_flags.replace(ROOT + "/", "") + "`, as the image's ENTRYPOINT"
             " reads them, with the chart's memory limit"),
            ("Load average at the end", open("/proc/loadavg").read().strip()),
        ]


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--port", required=True)
    p.add_argument("--migrations", required=True)
    p.add_argument("--schemahook-jar", required=True)
    p.add_argument("--flyway-lib", required=True)
    p.add_argument("--flyway-api-classpath", required=True)
    p.add_argument("--java17", required=True)
    p.add_argument("--java25", required=True)
    p.add_argument("--appcds")
    p.add_argument("--aot")
    p.add_argument("--image-flags", required=True)
    p.add_argument("--short-lived-flags", required=True)
    p.add_argument("--time", required=True)
    p.add_argument("--repetitions", type=int, default=5)
    p.add_argument("--workloads", default="noop-100,noop-1000,await-100,noop-100@image,noop-100@configmap,"
                   "await-100@image,await-100@configmap,apply-100,apply-1000")
    p.add_argument("--output")
    p.add_argument("--command-line", default="bench/run")
    p.add_argument("--schemahook-version", default="unknown")
    p.add_argument("--schemahook-flyway", default="unknown")
    p.add_argument("--quarkus-version", default="unknown")
    return p.parse_args()


if __name__ == "__main__":
    Bench(parse()).main()
