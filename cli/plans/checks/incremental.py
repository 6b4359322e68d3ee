"""``plans lint`` from per-file results: what a run with one file changed has to redo is that file.

For every file the cache (``loading/cache.py``: the same SQLite database, the same safety checks) keeps

- a **summary**, keyed by the file's content key (path, content, schemas, code and library versions):
  its kind, the plan id and number it defines, the plan ids and document numbers it refers to (
  ``implements``, ``carries_out``), the (plan, period, agency) of a report, its suppression comments;
- its **findings** (what loading and every rule found in it, positions resolved), keyed by its content
  key *and* by what its rules depend on beyond the file: the registries and indicator catalogs (all of
  them: the "context"), the files defining the plans it refers to (or the fact that there is none), the
  earlier file that defines the same plan id or the same report (duplicates), and whether its
  ``source.file`` is there.

- its **positions** (every value's line and column from its parse), so that its findings are placed
  without composing it again: one packed integer per node, in the order of a walk over the data its
  load entry keeps (:func:`_node_paths`), not the paths themselves;

and one entry for the whole **tree** (:class:`_Tree`): every file's ``lstat`` when it was last hashed,
its content and dependency keys, its summary, the files and facts its rules read, and its findings, in
packed columns. A run lists every file, takes its ``lstat`` and reads that one entry. When no file
changed, came or went and every ``source.file`` is as it was, its findings are the tree's (nothing else
is read). When a few files were edited and nothing other files read of them changed (no registry or
catalog, the same plan ids, numbers and links, the same reports: :func:`_few_edited`), only they and the
files that depend on them get a new dependency key, from the dependencies the tree kept. Else each
file's key is taken from the tree (or the file hashed), the summaries of the files whose key changed
are read from their entries, each file's dependency key is worked out from the summaries, and its
findings are taken from the tree or the cache when that key is known. The files whose key is new are
judged again, in groups, each on a model of only what its files depend on (the registries and
indicator catalogs, the files themselves and the files their rules read, built from the load cache),
with the same rules: the findings are those of a full run by construction, since every rule's findings
on a file are a function of exactly those inputs. What the rules read of other files: R003, R014 and
R028 the plans a plan implements or links to (by id, or by document number:
``cascade.links.plan_for_ref``), R015 and R016 a report's plan, R002 the first file with the same plan
id, R019 the first report for the same plan, period and agency, R023 the file system
(``source.file``); everything else reads the file and the registries and catalogs.
**A rule that reads anything else of another file must add it to**
:meth:`_Graph.deps` (``tests/test_lint_incremental.py`` compares warm runs with runs without cache).
An entry from another version of the code, the schemas or the libraries has another key and is never
read. Nothing here prints; :func:`run` returns ``None`` when there is no usable cache and the caller then
lints the whole model as before.
"""
from __future__ import annotations

import bisect
import hashlib
import json
import os
import stat
import struct
import sys
from array import array
from itertools import chain

from plans.findings import Finding

FORMAT = 1  # the shape of a summary or findings entry
CONTEXT_KINDS = ("Agencies", "Indicators")  # every file's rules may read these: a change re-judges all


def _tagged(tag: bytes, key: bytes) -> bytes:
    return hashlib.blake2b(tag + b"\0" + key, digest_size=32).digest()


def _patch_key(tkey: bytes) -> bytes:
    """Where the patch over the tree entry ``tkey`` is kept (:class:`_Tree`)."""
    return _tagged(b"tree-patch", tkey)


def _compact(obj) -> bytes:
    """``obj`` as compact JSON, UTF-8 (lone surrogates of undecodable names kept), as entries keep it."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")


class Outcome:
    """What :func:`run` found: every file's findings (load and rules, positions resolved, in file
    order), the files as the model would list them, and the suppression comments of each file."""

    def __init__(self, findings, files, sups):
        self.findings = findings
        self.files = files  # path -> SourceFile
        self.sups = sups  # path -> {line: (codes, reason, col, comment)}, for the files with such comments
        self.judged: list[str] = []  # files whose findings were computed in this run, not taken from the cache
        self.parsed: list[str] = []  # files loaded in this run to make their summary
        # how: "tree" (nothing changed), "few" (a few files edited: _few_edited), "summaries" (the rest)
        self.via = "summaries"


def run(files: list[str], max_bytes: int, roots=None) -> Outcome | None:
    from plans.loading import cache as c

    store = c._Store.open()
    if store is None:
        return None
    try:
        try:
            gen = c._generation(max_bytes)
        except OSError:
            return None
        return _run(store, gen, files, max_bytes, roots)
    finally:
        store.close()


def _run(store, gen: bytes, files: list[str], max_bytes: int, roots) -> Outcome:
    from plans.loading import cache as c

    today = c._today()
    fresh: list = []
    tree = _Tree.load(store, gen, max_bytes, roots)
    # the tree's summaries and findings stand in for the per-file entries, except on the first run of a
    # day: then the entries are read (and their day of last use moved on, so that they are kept)
    usable = tree.day == today
    keys, sigs, kept_sigs = _keys(gen, files, max_bytes, roots, tree)
    if usable:
        same = tree.unchanged(files, keys)
        if same is not None:  # no file changed, none came or went: the tree's findings
            same.via = "tree"
            packed = _packed_all(files, kept_sigs)
            if packed != tree.sigs:  # files hashed again (just edited back, touched): their lstat remembered
                store.save(tree.with_sigs(today, packed), [], today)
            return same
        few = _few_edited(store, gen, tree, files, keys, sigs, kept_sigs, max_bytes, roots, today)
        if few is not None:  # a few files edited, none of what the others' rules read of them changed
            return few
    summ: dict[str, dict] = {}
    ask = []
    for path in files:
        key = keys[path]
        if key is None:
            continue
        i = tree.index.get(path) if usable else None
        if i is not None and tree.key(i) == key:
            summ[path] = tree.summary(i, path)
        else:
            ask.append(path)
    touched = []
    hits = store.get_many([_tagged(b"summary", keys[p]) for p in ask])
    for path in ask:
        hit = hits.get(_tagged(b"summary", keys[path]))
        if hit is not None and _sound_summary(hit[0], path):
            summ[path] = _lean(hit[0])
            if hit[1] < today:
                touched.append(_tagged(b"summary", keys[path]))
    unkept: set[str] = set()  # files whose summary or findings cannot be kept as JSON: not in the tree
    # 1. files never seen: parsed and validated (by worker processes when there are many) for their
    #    load entry and their summary; nothing of them is built in this process
    unseen = [p for p in files if p not in summ]
    # Entries are written to the cache as they come (in batches) and not kept here: the judging
    # below reads what each group needs back from the cache. Only a file that cannot be cached
    # keeps its entry in memory (then it is loaded afresh where it is needed).
    entries: dict[str, bytes | None] = {}
    posblobs: dict[str, bytes | None] = {}
    args = [(p, max_bytes, roots) for p in unseen]
    from plans.loading import loader

    few = loader.few_files.set(len(unseen) <= c.FEW_FILES)  # then the schemas are not compiled
    try:
        for a, res in zip(args, c.in_workers(_parse_one, args)):
            path = a[0]
            parsed = res if res is not None else _parse_one(a)
            summ[path] = _lean(parsed[1])
            if not _keep_parsed(path, keys[path], sigs[path], parsed, fresh, entries, posblobs):
                unkept.add(path)
            if len(fresh) >= SAVE_EVERY:
                store.save(fresh, [], today)
                fresh.clear()
    finally:
        loader.few_files.reset(few)
    store.save(fresh, [], today)
    fresh.clear()
    # 2. every file's dependency key
    graph = _Graph(files, summ)
    rkeys: dict[str, bytes | None] = {}
    links: dict[str, tuple] = {}  # path -> (deps, tokens), kept with the tree
    context = graph.context_key(keys)
    for path in files:
        links[path] = deps, tokens = graph.deps(path)
        rkeys[path] = _rkey(gen, path, keys, context, deps, tokens)
    # 3. findings: from the tree where the key is the one it was judged under, else from the cache;
    #    the others judged on the smallest model that decides them
    found: dict[str, list[Finding]] = {}
    items_of: dict[str, list] = {}  # path -> its findings as kept: [code, severity, line, col, args]
    ask = []
    for path in files:
        k = rkeys[path]
        if k is None:
            continue
        i = tree.index.get(path) if usable else None
        if i is not None and tree.rkey(i) == k:
            items = tree.found.get(str(i))
            if items is None:
                found[path], items_of[path] = [], []
                continue
            got = _restore({"format": FORMAT, "path": path, "findings": items}, path)
            if got is not None:
                found[path], items_of[path] = got, items
                continue
        ask.append(path)
    hits = store.get_many([rkeys[p] for p in ask])
    for path in ask:
        k = rkeys[path]
        hit = hits.get(k)
        if hit is not None:
            got = _restore(hit[0], path)
            if got is not None:
                found[path], items_of[path] = got, hit[0]["findings"]
                if hit[1] < today:
                    touched.append(k)
    missed = [p for p in files if p not in found]
    if missed:
        for path, items in _judge_all(missed, keys, entries, posblobs, graph, max_bytes, roots):
            found[path] = [Finding(code, sev, path, line, col, a) for code, sev, line, col, a in items]
            if rkeys[path] is not None:
                payload = _dump({"format": FORMAT, "path": path, "findings": items})
                if payload is not None:
                    fresh.append((rkeys[path], payload))
                    items_of[path] = items
    # The tree is written only when it can hold every file: then it says all that decides the findings
    # of the files it lists (a tree without some file would not know what that file's going changes).
    if all(p not in unkept and p in summ and p in items_of and rkeys[p] is not None for p in files):
        packed = _packed_all(files, kept_sigs)
        if not (usable and tree.same(files, keys, rkeys, packed)):
            payload = _Tree.dump(today, files, keys, rkeys, packed, summ, items_of, graph.sources(files), links)
            if payload is not None:
                fresh.append((tree.tkey, payload))
    store.save(fresh, touched, today)
    out = Outcome([f for p in files for f in found[p]], {p: _source_file(p, summ[p]) for p in files},
                  {p: _sups(summ[p]) for p in files if summ[p]["sup"]})
    out.judged, out.parsed = missed, unseen
    return out


def _lean(v):
    """A summary as kept for the rest of a run, its strings interned: the same keys, kinds, plan ids,
    periods and agencies repeat over the files, and a summary from a worker or from the cache holds
    its own copies of them (at 50,000 files, half the summaries' memory)."""
    t = type(v)
    if t is str:
        return sys.intern(v)
    if t is dict:
        return {sys.intern(k) if type(k) is str else k: _lean(x) for k, x in v.items()}
    if t is list:
        return [_lean(x) for x in v]
    return v


def _rkey(gen: bytes, path: str, keys: dict, context: bytes | None, deps: list[str], tokens: list) -> bytes | None:
    """The dependency key of ``path``: its content key, the context's, the content keys of the files its
    rules read (``deps``) and the other facts they read (``tokens``); None when one of them has none
    (a file not worth caching, or depending on one: judged every time)."""
    if keys[path] is None or context is None or any(keys.get(d) is None for d in deps):
        return None
    h = hashlib.blake2b(key=gen, digest_size=32)
    h.update(b"rules\0" + keys[path] + context)
    for d in deps:
        h.update(d.encode("utf-8", "surrogateescape") + b"\0" + keys[d])
    if tokens:
        h.update(json.dumps(tokens, ensure_ascii=False, sort_keys=True).encode("utf-8", "surrogateescape"))
    return h.digest()


FEW = 64  # files edited up to which a run starts from the tree's dependencies (_few_edited)


def _few_edited(store, gen: bytes, tree: "_Tree", files: list[str], keys: dict, sigs: dict, kept_sigs: dict,
                max_bytes: int, roots, today: int) -> "Outcome | None":
    """The outcome when the files are the tree's, a few of them (``FEW``) edited, and nothing that any
    file's rules read of another changed: no registry or catalog edited, every edited file of the same
    kind with the same plan (id, number, the plans it names, its ``source.file``) or reports (plan,
    period, agency) as before (``ghash``), every ``source.file`` as it was. Then every file depends on
    the same files as in the tree, and only the edited files and those depending on them have a new
    dependency key: they are judged again (or taken from the cache), the rest is the tree's.
    None when that does not hold: the caller then works everything out from the summaries."""
    if files != tree.paths or tree.deps is None:
        return None
    edited = [i for i, p in enumerate(files) if keys[p] != tree.key(i)]
    if not edited or len(edited) > FEW or any(keys[files[i]] is None for i in edited) \
            or any(tree.kinds[i] in CONTEXT_KINDS for i in edited) or not tree.sources_as_they_were(files):
        return None
    # the edited files' summaries: from their entries, else parsed here
    summ: dict[str, dict] = {}
    hits = store.get_many([_tagged(b"summary", keys[files[i]]) for i in edited])
    fresh: list = []
    entries: dict = {}
    posblobs: dict = {}
    parsed = []
    from plans.loading import cache as c
    from plans.loading import loader

    few = loader.few_files.set(len(edited) <= c.FEW_FILES)  # then the schemas are not compiled
    try:
        for i in edited:
            path = files[i]
            hit = hits.get(_tagged(b"summary", keys[path]))
            if hit is not None and _sound_summary(hit[0], path):
                summ[path] = _lean(hit[0])
                continue
            got = _parse_one((path, max_bytes, roots))
            parsed.append(path)
            summ[path] = _lean(got[1])
            if not _keep_parsed(path, keys[path], sigs[path], got, fresh, entries, posblobs):
                return None
            entries[path], posblobs[path] = got[0], got[2]  # judged below from these, not parsed again
    finally:
        loader.few_files.reset(few)
    if any(_ghash(summ[files[i]]) != tree.ghash(i) for i in edited):
        store.save(fresh, [], today)  # what was parsed is kept for the run that follows
        return None
    # the files whose dependency key may be new: the edited ones and those that depend on them
    changed = set(edited)
    affected = changed | {int(j) for j, deps in tree.deps.items() if changed.intersection(deps)}
    context_files = [p for i, p in enumerate(files) if tree.kinds[i] in CONTEXT_KINDS]
    context = _context_key(context_files, keys)
    rkeys: dict[str, bytes | None] = {}
    for i in sorted(affected):
        path = files[i]
        deps = [files[j] for j in tree.deps.get(str(i), [])]
        rkeys[path] = _rkey(gen, path, keys, context, deps, tree.tokens.get(str(i), []))
        if rkeys[path] is None:
            return None
    found_items: dict[int, list] = {}
    ask = []
    for i in sorted(affected):
        if rkeys[files[i]] == tree.rkey(i):
            found_items[i] = tree.found.get(str(i), [])
        else:
            ask.append(files[i])
    hits = store.get_many([rkeys[p] for p in ask])
    missed = []
    for path in ask:
        hit = hits.get(rkeys[path])
        if hit is not None and _restore(hit[0], path) is not None:
            found_items[tree.index[path]] = hit[0]["findings"]
        else:
            missed.append(path)
    if missed:
        graph = _StoredGraph(files, context_files, tree)
        for path, items in _judge_all(missed, keys, entries, posblobs, graph, max_bytes, roots):
            payload = _dump({"format": FORMAT, "path": path, "findings": items})
            if payload is None:
                store.save(fresh, [], today)
                return None
            fresh.append((rkeys[path], payload))
            found_items[tree.index[path]] = items
    new_keys = {i: keys[files[i]] for i in edited}
    new_rkeys = {tree.index[p]: k for p, k in rkeys.items()}
    sups = {i: summ[files[i]]["sup"] for i in edited}
    fresh.extend(tree.edited(today, _packed_all(files, kept_sigs), new_keys, new_rkeys, found_items, sups))
    store.save(fresh, [], today)
    out = tree.outcome(files)
    if out is None:
        return None
    out.judged, out.parsed, out.via = missed, parsed, "few"
    return out


def _differing(a: bytes, b: bytes, size: int, block: int = 64):
    """The indexes of the ``size``-byte records that differ between ``a`` and ``b`` (of one length),
    comparing ``block`` records at a time first: a few changed among 200,000 cost a few thousand
    comparisons, not 200,000."""
    step = size * block
    for at in range(0, len(a), step):
        if a[at:at + step] != b[at:at + step]:
            for i in range(at // size, min(len(a), at + step) // size):
                if a[size * i:size * (i + 1)] != b[size * i:size * (i + 1)]:
                    yield i


def _ghash(s: dict) -> bytes:
    """What the other files' rules read of a file's summary (all but its suppression comments), hashed."""
    return hashlib.blake2b(json.dumps([s["kind"], s["refused"], s["plan"], s["reports"]], ensure_ascii=False,
                                      sort_keys=True).encode("utf-8", "surrogateescape"), digest_size=16).digest()


def _context_key(context: list[str], keys: dict) -> bytes | None:
    """The registries' and catalogs' paths and content keys, hashed: what every file's rules read."""
    h = hashlib.blake2b(digest_size=32)
    for p in context:
        if keys[p] is None:
            return None
        h.update(p.encode("utf-8", "surrogateescape") + b"\0" + keys[p])
    return h.digest()


class _StoredGraph:
    """What :func:`_judge_all` asks of a :class:`_Graph`, from the dependencies the tree kept."""

    def __init__(self, files: list[str], context: list[str], tree: "_Tree"):
        self.files, self.context, self.tree = files, context, tree

    def context_key(self, keys: dict) -> bytes | None:
        return _context_key(self.context, keys)

    def closure(self, missed: list[str]) -> set[str]:
        """As :meth:`_Graph.closure`: the files themselves, the context, what they depend on, and
        what those depend on (which holds the first file defining each plan or report among them)."""
        deps, files = self.tree.deps, self.files
        need = set(self.context) | set(missed)
        for p in missed:
            for j in deps.get(str(self.tree.index[p]), []):
                need.add(files[j])
                need.update(files[k] for k in deps.get(str(j), []))
        return need


def _keep_parsed(path: str, key: bytes | None, sig, parsed: tuple, fresh: list, entries: dict,
                 posblobs: dict) -> bool:
    """A file :func:`_parse_one` just parsed: its load entry, positions and summary queued for the cache
    (``fresh``), or, when it cannot be cached or changed while it was read, its entry and positions
    kept in memory for this run. False when its summary cannot be kept as JSON."""
    payload, summary, pos = parsed
    dumped = _dump(summary)
    if key is not None and _lstat_sig(path) == sig:  # not changed while it was read
        if payload is not None:
            fresh.append((key, payload))
        if pos is not None:
            fresh.append((_tagged(b"positions", key), pos))
        if dumped is not None:
            fresh.append((_tagged(b"summary", key), dumped))
    else:
        entries[path], posblobs[path] = payload, pos
    return dumped is not None


def _parse_one(args) -> tuple[bytes | None, dict]:
    """One file parsed, validated and built on its own: its load entry (``cache._payload``, None
    when it cannot be kept) and its summary. Run by a worker process, or by this one."""
    from plans.loading import cache as c
    from plans.loading import loader
    from plans.loading import model as m

    path, max_bytes, roots = args
    repo, mine = m.Repository(), []
    given, kept = loader.load_recorded(path, repo, mine, max_bytes=max_bytes, roots=roots, positions=True)
    payload = c._payload(path, repo, mine, given)
    data = given[0] if payload is not None and len(given) == 1 else _NO_DATA
    return payload, _summarize(path, repo), _dump_positions(kept, data)


_COMPACT = b"P1"  # positions as packed integers in the order of _node_paths(the entry's data)
_NO_DATA = object()


def _node_paths(data) -> list[tuple]:
    """The path of every node of ``data`` (as ``read_yaml`` converted it), in the order ``read_yaml``
    records their positions: a node, then for a mapping each key's own position ("#key") followed by
    its value, for a sequence each item."""
    out: list[tuple] = []

    def walk(v, path):
        out.append(path)
        if type(v) is dict:
            for k, child in v.items():
                out.append(path + (k, "#key"))
                walk(child, path + (k,))
        elif type(v) is list:
            for i, child in enumerate(v):
                walk(child, path + (i,))

    walk(data, ())
    return out


def _dump_positions(kept: list, data=_NO_DATA) -> bytes | None:
    """A file's positions (every value's line and column, as ``read_yaml`` found them), so that its
    findings are placed without composing the file again: packed integers when they follow the nodes
    of ``data`` (the data the file's load entry keeps) in order, else as JSON with their paths."""
    if len(kept) != 1:
        return None
    pos = kept[0]
    try:
        if data is not _NO_DATA and list(pos) == _node_paths(data):
            return _COMPACT + array("Q", pos.values()).tobytes()
    except (OverflowError, TypeError, RecursionError):
        pass
    try:
        return _compact([[list(k), v] for k, v in pos.items()])
    except (TypeError, ValueError, UnicodeError):
        return None


def _load_positions(blob: bytes, data=_NO_DATA) -> dict | None:
    """The positions :func:`_dump_positions` kept (path -> packed line and column), or ``None`` when
    they cannot be read back (then the file is composed again): packed ones need the file's data."""
    if blob.startswith(_COMPACT):
        if data is _NO_DATA or (len(blob) - len(_COMPACT)) % 8:
            return None
        vals = array("Q")
        vals.frombytes(blob[len(_COMPACT):])
        try:
            paths = _node_paths(data)
        except RecursionError:  # not data this code keeps (the loader bounds the depth): composed again
            return None
        return dict(zip(paths, vals)) if len(paths) == len(vals) else None
    try:
        items = json.loads(blob)
    except (ValueError, RecursionError, UnicodeError):
        return None
    if type(items) is not list:
        return None
    out = {}
    for it in items:
        if type(it) is not list or len(it) != 2 or type(it[0]) is not list or type(it[1]) is not int:
            return None
        k = tuple(it[0])
        if not all(type(x) is str or type(x) is int for x in k):
            return None
        out[k] = it[1]
    return out


# What the judging workers read (set before they are forked, so that they share it with this process).
_SHARED: list = []
# The registries and catalogs loaded by this process, by their content (the context key): (model, findings).
_BASES: dict = {}


SAVE_EVERY = 600  # cache entries written in one transaction while files are parsed
GROUP = 250  # files judged together: each group is judged on a model of what it depends on
# Files to judge before worker processes pay for themselves: each worker loads the registries and
# catalogs once (3,080 communes). At 500 plans, one plan edited (its 101 files judged again) took
# 0.51 s of judging in two workers and 0.38 s in this process; 505 files about the same either way.
JUDGE_PARALLEL_FROM = 400


def _judge_all(missed: list[str], keys: dict, entries: dict, posblobs: dict, graph: "_Graph", max_bytes: int,
               roots):
    """``(path, findings as [code, severity, line, col, args])`` for every file of ``missed``, in
    order: the files in groups, each group judged on the model of what it depends on (by worker
    processes when there are many files)."""
    from plans.loading import cache as c

    jobs = min(c._jobs(), 8)
    n = -(-len(missed) // GROUP)
    parallel = len(missed) >= JUDGE_PARALLEL_FROM and jobs > 1
    if parallel:
        n = max(n, jobs * 2)
    size = -(-len(missed) // n)
    groups = [missed[i:i + size] for i in range(0, len(missed), size)]
    _SHARED[:] = [keys, entries, posblobs, graph, max_bytes, roots, graph.context_key(keys)]
    try:
        done = c.in_workers(_judge_group, groups, at_least=2) if parallel else [None] * len(groups)
        for group, res in zip(groups, done):
            yield from (res if res is not None else _judge_group(group, nested=True))
    finally:
        _SHARED.clear()
        _BASES.clear()


def _judge_group(group: list[str], nested: bool = False) -> list:
    """Load what ``group`` depends on (from the load entries in the cache, else afresh), run every
    rule, and return the findings on the files of ``group``, positions resolved."""
    from plans.loading import cache as c
    from plans.loading import loader
    from plans.loading import model as m

    if not nested:
        os.environ["PLANS_JOBS"] = "1"  # a worker process: no workers of its own
    keys, entries, posblobs, graph, max_bytes, roots, context = _SHARED
    need = graph.closure(group)
    base = _BASES.get(context) if context is not None else None
    if base is not None:  # the registries and catalogs were loaded for an earlier group: not again
        need.difference_update(graph.context)
    order = [p for p in graph.files if p in need]
    store = c._Store.open()  # a connection of this process's own
    try:
        ask = [p for p in order if p not in entries and keys.get(p) is not None]
        got = store.get_many([keys[p] for p in ask], raw=True) if store is not None else {}
        raw = {p: got[keys[p]][0] for p in ask if keys[p] in got}
        ask = [p for p in group if p not in posblobs and keys.get(p) is not None]
        got = store.get_many([_tagged(b"positions", keys[p]) for p in ask], raw=True) if store is not None else {}
        pos = {p: got[_tagged(b"positions", keys[p])][0] for p in ask if _tagged(b"positions", keys[p]) in got}
    finally:
        if store is not None:
            store.close()
    mine = set(group)
    datas: dict = {}  # the data of the group's files as their load entries keep it (for their positions)

    def replay(paths, repo, lf):
        for path in paths:
            blob = entries.get(path, raw.get(path))
            entry = c._decode(blob) if blob is not None else None
            if entry is not None and path in mine and type(entry) is dict and "data" in entry:
                datas[path] = entry["data"]
            if entry is None or not c._replay(entry, path, repo, lf, max_bytes):
                few = loader.few_files.set(True)
                try:
                    loader.load_file(path, repo, lf, max_bytes=max_bytes, roots=roots)
                finally:
                    loader.few_files.reset(few)

    if base is None and context is not None:
        # The registries and catalogs alone, kept for the next groups of this process: only they
        # define agencies, groups and indicators, so the other files, loaded after them, leave
        # them as they would be in file order.
        ctx = set(graph.context)
        base = (m.Repository(), [])
        replay([p for p in order if p in ctx], *base)
        _BASES.clear()
        _BASES[context] = base
        order = [p for p in order if p not in ctx]
    repo, lf = m.Repository(), []
    if base is not None:
        b, blf = base
        repo.agencies, repo.groups, repo.indicators = dict(b.agencies), dict(b.groups), dict(b.indicators)
        repo.jurisdiction_names, repo.jurisdiction_codes = dict(b.jurisdiction_names), dict(b.jurisdiction_codes)
        repo.files, repo.duplicates, lf = dict(b.files), list(b.duplicates), list(blf)
    replay(order, repo, lf)
    repo.load_findings = lf
    # The rules that read files (R007, R008, R030) judge each file on its own: they read only the group's.
    repo.files = {p: sf for p, sf in repo.files.items() if p in mine}
    from plans.checks import plan_rules

    token = plan_rules.CONTEXT.set(context)  # every group's registries: what rules work out of them is kept
    try:
        with m.texts_kept():  # the group's files read once by all the rules reading text
            judged = _judge(repo, mine, {p: posblobs.get(p, pos.get(p)) for p in group}, datas)
    finally:
        plan_rules.CONTEXT.reset(token)
    return [(p, [[f.code, f.severity, f.line, f.col, f.args] for f in judged.get(p, [])]) for p in group]


RACY_NS = 2_000_000_000  # a file changed less than this before it was hashed is hashed again next time
_S_ISREG = stat.S_ISREG
_SIGS = struct.Struct("<QQQqqq")  # an lstat as the tree keeps it
_NO_SIG = bytes(_SIGS.size)  # none remembered: a regular file's mode is never 0


def _packed(sig: tuple) -> bytes:
    try:
        return _SIGS.pack(*sig)
    except struct.error:
        return _NO_SIG


def _packed_all(files: list[str], kept: dict) -> bytes:
    """Every file's ``lstat`` as the tree keeps it (``_keys``' third result), in file order."""
    return b"".join(kept.get(p, _NO_SIG) for p in files)


def _lstat_sig(path: str) -> tuple | None:
    """The ``lstat`` of a regular file (mode, device, inode, size, modification and change times);
    None for anything else."""
    try:
        st = os.lstat(path)
    except (OSError, ValueError):
        return None
    return (st.st_mode, st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns) \
        if _S_ISREG(st.st_mode) else None


def _keys(gen: bytes, files: list[str], max_bytes: int, roots, tree: "_Tree") -> tuple[dict, dict, dict]:
    """Every file's content key (``cache._file_key``), the ``lstat`` it was taken under, and the
    ``lstat`` worth remembering with it. A file whose ``lstat`` (type, device, inode, size,
    modification and change times, to the nanosecond) is what the tree remembers from when its content
    was last hashed is not read again: the key hashed then is used, as git does with its index. The
    change time cannot be set back by a user, so an edit always shows; a file changed within
    ``RACY_NS`` of being hashed is not remembered (an edit in the same tick)."""
    import time

    from plans.loading import cache as c

    keys: dict[str, bytes | None] = {}
    sigs: dict[str, tuple | None] = {}
    kept: dict[str, bytes] = {}  # path -> its lstat as the tree keeps it, when worth remembering
    now = time.time_ns()
    for path in files:
        sig = sigs[path] = _lstat_sig(path)
        i = tree.index.get(path)
        if sig is not None and i is not None:
            packed = _packed(sig)
            if packed != _NO_SIG and tree.sig(i) == packed:
                keys[path] = tree.key(i)
                kept[path] = packed
                continue
        key, _before = c._file_key(gen, path, max_bytes, roots)
        keys[path] = key
        if key is not None and sig is not None and now - sig[4] > RACY_NS and now - sig[5] > RACY_NS:
            if _lstat_sig(path) == sig:  # not changed while it was read
                kept[path] = _packed(sig)
    return keys, sigs, kept


# ---------------------------------------------------------------- the tree

class _Tree:
    """What the last run knew of every file, in one entry, so that a run with little or nothing changed
    reads one entry rather than two per file. Kept by columns (a file's index in ``paths``), packed so
    that a run with nothing changed decodes almost nothing: the ``lstat`` each file's content key was
    hashed under (48 bytes each; zeros: not remembered), the content keys and the dependency keys (32
    bytes each), and as JSON the summaries' kinds, ``refused``, suppression comments and findings
    (where not empty) and what R023 found of every ``source.file``, and apart from them the summaries'
    plans and reports, decoded only when a file changed. One entry per directory, limits and roots
    (``tkey``); ``day``: the day it was written. An entry of another shape is not used.

    A run that only edits a few files (or only remembers other ``lstat``s) does not write the entry
    again (tens of MB at national scale): it writes a small **patch** beside it, the new values of the
    files it changed, bound to the entry by the entry's ``id``; the next run reads both. A patch
    naming another entry is not used; past ``PATCH_MAX`` files the whole entry is written again."""

    MAGIC = b"plans-tree\0"
    SECTIONS = ("paths", "sigs", "keys", "rkeys", "ghash", "meta", "graph", "links")
    PATCH_MAX = 1000  # files a patch holds before the whole entry is written again

    def __init__(self, tkey: bytes, parts: dict | None = None, day: int | None = None, tid: str = ""):
        self.tkey, self.day, self.id = tkey, day, tid
        self.patch: dict = {}  # index -> [sig, key, rkey, findings, suppressions] as hex and JSON, applied
        parts = parts or {}
        names = parts.get("paths", b"").decode("utf-8", "surrogateescape")
        self.paths: list = names.split("\0") if names else []
        n = len(self.paths)
        self.sigs: bytes = parts.get("sigs", b"")
        self._keys, self._rkeys = parts.get("keys", b""), parts.get("rkeys", b"")
        self._ghash = parts.get("ghash", b"")
        if not (len(self.sigs) == _SIGS.size * n and len(self._keys) == len(self._rkeys) == 32 * n
                and len(self._ghash) == 16 * n):
            raise ValueError("columns of different lengths")
        self._links_blob = parts.get("links")
        self._links: tuple | None = None
        meta = json.loads(parts["meta"]) if n else {}
        self.kinds: list = meta.get("kinds", [])
        self.refused = set(meta.get("refused", []))
        self.sups: dict = meta.get("sups", {})
        self.found: dict = meta.get("found", {})
        self.sources = meta.get("sources")
        self._graph_blob = parts.get("graph")
        self._graph: dict | None = None
        if n and not self._sound(n):
            raise ValueError("not what this code writes")
        self.index = {p: i for i, p in enumerate(self.paths)}

    @classmethod
    def load(cls, store, gen: bytes, max_bytes: int, roots) -> "_Tree":
        h = hashlib.blake2b(key=gen, digest_size=32)
        h.update(b"tree\0" + os.getcwd().encode("utf-8", "surrogateescape") + b"\0"
                 + json.dumps([max_bytes, list(roots or [])]).encode("utf-8", "surrogateescape"))
        tkey = h.digest()
        pkey = _patch_key(tkey)
        got = store.get_many([tkey, pkey], raw=True)
        hit = got.get(tkey)
        if hit is not None:
            try:
                tree = cls._unpack(tkey, hit[0])
            except (ValueError, TypeError, KeyError, AttributeError, RecursionError, UnicodeError):
                return cls(tkey)
            patch = got.get(pkey)
            if patch is not None:
                tree._apply(patch[0])
            return tree
        return cls(tkey)

    def _apply(self, blob: bytes) -> None:
        """Apply the patch ``blob`` when it was written over this entry and is what this code writes;
        else leave the entry as it is."""
        try:
            got = json.loads(blob)
        except (ValueError, RecursionError, UnicodeError):
            return
        n = len(self.paths)
        if not (type(got) is dict and got.get("format") == FORMAT and got.get("base") == self.id and self.id
                and type(got.get("files")) is dict):
            return
        files = got["files"]
        for i, v in files.items():
            if not (type(i) is str and i.isdigit() and int(i) < n and type(v) is list and len(v) == 5
                    and all(type(x) is str for x in v[:3]) and type(v[3]) is list and _sound_sup(v[4])):
                return
            try:
                sig, key, rkey = bytes.fromhex(v[0]), bytes.fromhex(v[1]), bytes.fromhex(v[2])
            except ValueError:
                return
            if not (len(sig) == _SIGS.size and len(key) == len(rkey) == 32):
                return
        patch = {int(i): v for i, v in files.items()}
        sigs = bytearray(self.sigs)
        for j, v in patch.items():
            sigs[_SIGS.size * j:_SIGS.size * (j + 1)] = bytes.fromhex(v[0])
        self.sigs = bytes(sigs)
        self._replace({j: bytes.fromhex(v[1]) for j, v in patch.items()},
                      {j: bytes.fromhex(v[2]) for j, v in patch.items()},
                      {j: v[3] for j, v in patch.items()}, {j: v[4] for j, v in patch.items()})
        self.patch = patch

    def _replace(self, keys: dict, rkeys: dict, found: dict, sups: dict) -> None:
        """Some files' content keys, dependency keys, findings and suppression comments replaced (index ->
        the new one; empty findings or comments: none)."""
        ks, rks = bytearray(self._keys), bytearray(self._rkeys)
        for i, k in keys.items():
            ks[32 * i:32 * i + 32] = k
        for i, k in rkeys.items():
            rks[32 * i:32 * i + 32] = k
        self._keys, self._rkeys = bytes(ks), bytes(rks)
        for where, values in ((self.found, found), (self.sups, sups)):
            for i, value in values.items():
                if value:
                    where[str(i)] = value
                else:
                    where.pop(str(i), None)

    @classmethod
    def _unpack(cls, tkey: bytes, blob: bytes) -> "_Tree":
        if not blob.startswith(cls.MAGIC):
            raise ValueError("not a tree")
        at = len(cls.MAGIC)
        size = int.from_bytes(blob[at:at + 4], "big")
        head = json.loads(blob[at + 4:at + 4 + size])
        if not (type(head) is dict and head.get("format") == FORMAT and type(head.get("day")) is int
                and type(head.get("sizes")) is list and len(head["sizes"]) == len(cls.SECTIONS)
                and all(type(x) is int and x >= 0 for x in head["sizes"])):
            raise ValueError("not a tree of this format")
        parts, at = {}, at + 4 + size
        for name, n in zip(cls.SECTIONS, head["sizes"]):
            parts[name] = blob[at:at + n]
            at += n
        if at != len(blob):
            raise ValueError("not a tree of this length")
        return cls(tkey, parts, head["day"], head.get("id") if type(head.get("id")) is str else "")

    @classmethod
    def _pack(cls, day: int, parts: dict) -> bytes:
        sizes = [len(parts[name]) for name in cls.SECTIONS]
        # a new id each time the whole entry is written: a patch over an older one is not applied to it
        head = json.dumps({"format": FORMAT, "day": day, "sizes": sizes, "id": os.urandom(12).hex()}).encode()
        return b"".join([cls.MAGIC, len(head).to_bytes(4, "big"), head, *(parts[name] for name in cls.SECTIONS)])

    def _sound(self, n: int) -> bool:
        if not (len(self.kinds) == n and set(map(type, self.kinds)) <= {str, type(None)}
                and set(map(type, self.refused)) <= {int} and self._indexed(self.found) and self._indexed(self.sups)):
            return False
        return all(_sound_sup(sup) for sup in self.sups.values()) and type(self.sources) is list

    @property
    def plans(self) -> dict:
        return self._graph_part("plans")

    @property
    def reports(self) -> dict:
        return self._graph_part("reports")

    def _graph_part(self, name: str) -> dict:
        if self._graph is None:
            graph = {"plans": {}, "reports": {}}
            try:
                got = json.loads(self._graph_blob) if self._graph_blob else graph
                if self._sound_graph(got):
                    graph = got
            except (ValueError, RecursionError, UnicodeError):
                pass
            self._graph = graph
        return self._graph[name]

    def _sound_graph(self, got) -> bool:
        n = len(self.paths)
        if not (type(got) is dict and type(got.get("plans")) is dict and type(got.get("reports")) is dict):
            return False
        return all(0 <= int(i) < n and _sound_plan(plan) for i, plan in got["plans"].items()) \
            and all(0 <= int(i) < n and _sound_reports(rs) for i, rs in got["reports"].items())

    @property
    def deps(self) -> dict | None:
        """index -> the indexes of the files its rules read (where not empty); None when not known."""
        return self._links_part()[0]

    @property
    def tokens(self) -> dict:
        """index -> the other facts its rules read (where not empty)."""
        return self._links_part()[1] or {}

    def _links_part(self) -> tuple:
        if self._links is None:
            self._links = (None, None)
            try:
                got = json.loads(self._links_blob) if self._links_blob else None
            except (ValueError, RecursionError, UnicodeError):
                got = None
            if type(got) is dict and type(got.get("deps")) is dict and type(got.get("tokens")) is dict \
                    and self._indexed(got["deps"]) and self._indexed(got["tokens"]):
                flat = list(chain.from_iterable(got["deps"].values()))
                if not flat or (set(map(type, flat)) == {int} and min(flat) >= 0 and max(flat) < len(self.paths)):
                    self._links = (got["deps"], got["tokens"])
        return self._links

    def _indexed(self, d: dict) -> bool:
        """Whether ``d`` maps file indexes (as text) to lists: checked in bulk (200,000 files at national
        scale), not one by one."""
        if not d:
            return True
        try:
            keys = list(map(int, d))
        except ValueError:
            return False
        return min(keys) >= 0 and max(keys) < len(self.paths) and set(map(type, d.values())) == {list}

    def ghash(self, i: int) -> bytes:
        return self._ghash[16 * i:16 * i + 16]

    def sig(self, i: int) -> bytes:
        return self.sigs[_SIGS.size * i:_SIGS.size * (i + 1)]

    def key(self, i: int) -> bytes:
        return self._keys[32 * i:32 * i + 32]

    def rkey(self, i: int) -> bytes:
        return self._rkeys[32 * i:32 * i + 32]

    def summary(self, i: int, path: str) -> dict:
        n = str(i)
        return {"format": FORMAT, "path": path, "kind": self.kinds[i], "refused": i in self.refused,
                "plan": self.plans.get(n), "reports": self.reports.get(n, []), "sup": self.sups.get(n, [])}

    def unchanged(self, files: list[str], keys: dict) -> "Outcome | None":
        """The outcome the tree holds, when ``files`` are its files with their keys and every
        ``source.file`` is as it was; else None."""
        if files != self.paths or any(keys[p] is None for p in files) \
                or b"".join(keys[p] for p in files) != self._keys:
            return None
        if not self.sources_as_they_were(files):
            return None
        return self.outcome(files)

    def sources_as_they_were(self, files: list[str]) -> bool:
        """Whether R023 finds every plan's ``source.file`` as the tree found it."""
        probe = _Graph([], {})._source
        try:
            return not any(json.loads(json.dumps(probe(name, files[i]), ensure_ascii=False)) != was
                           for i, name, was in self.sources)
        except (ValueError, TypeError, IndexError):
            return False

    def outcome(self, files: list[str]) -> "Outcome | None":
        """The tree's findings and files, as :func:`run` returns them."""
        found = []
        for n, items in self.found.items():
            got = _restore({"format": FORMAT, "path": files[int(n)], "findings": items}, files[int(n)])
            if got is None:
                return None
            found.append((int(n), got))
        found.sort(key=lambda x: x[0])
        from plans.loading.model import SourceFile

        refused, kinds = self.refused, self.kinds
        sfs = {p: SourceFile(p, kinds[i], i in refused) for i, p in enumerate(files)}
        sups = {files[int(i)]: _sups({"sup": sup}) for i, sup in self.sups.items()}
        return Outcome([f for _, fs in found for f in fs], sfs, sups)

    def edited(self, day: int, sigs: bytes, keys: dict, rkeys: dict, found: dict, sups: dict) -> list:
        """The cache writes that record some files' new content keys, dependency keys, findings and
        suppression comments (index -> the new one) and every file's ``lstat`` (``sigs``): a patch over
        this entry, or the whole entry again when the patch would hold too many files. This object
        holds the new values too."""
        self._replace(keys, rkeys, found, sups)
        return self.with_sigs(day, sigs, set(keys) | set(rkeys) | set(found) | set(sups))

    def with_sigs(self, day: int, sigs: bytes, changed: set | None = None) -> list:
        """The cache writes that record every file's ``lstat`` (``sigs``) and the files of ``changed``
        (indexes) as this object now holds them: a patch over the entry, or the whole entry again."""
        if sigs != self.sigs:
            changed = set(changed or ()) | set(_differing(self.sigs, sigs, _SIGS.size))
        self.sigs = sigs
        patch = dict(self.patch)
        for i in changed or ():
            patch[i] = [self.sig(i).hex(), self.key(i).hex(), self.rkey(i).hex(), self.found.get(str(i), []),
                        self.sups.get(str(i), [])]
        if self.id and day == self.day and len(patch) <= self.PATCH_MAX:
            try:
                blob = _compact({"format": FORMAT, "base": self.id, "files": {str(i): v for i, v in patch.items()}})
            except (TypeError, ValueError, UnicodeError):
                blob = None
            if blob is not None:
                self.patch = patch
                return [(_patch_key(self.tkey), blob)]
        whole = self._pack(day, {"paths": "\0".join(self.paths).encode("utf-8", "surrogateescape"), "sigs": sigs,
                                 "keys": self._keys, "rkeys": self._rkeys, "ghash": self._ghash,
                                 "meta": self._meta(), "graph": self._graph_blob or b"",
                                 "links": self._links_blob or b""})
        self.patch = {}
        return [(self.tkey, whole)]

    def _meta(self) -> bytes:
        return _compact({"kinds": self.kinds, "refused": sorted(self.refused), "sups": self.sups,
                         "found": self.found, "sources": self.sources})

    def same(self, files: list[str], keys: dict, rkeys: dict, sigs: bytes) -> bool:
        """Whether the tree is already what :meth:`dump` would write of these (the day aside)."""
        return (files == self.paths and b"".join(keys[p] for p in files) == self._keys
                and b"".join(rkeys[p] for p in files) == self._rkeys and sigs == self.sigs)

    @classmethod
    def dump(cls, day: int, files: list[str], keys: dict, rkeys: dict, sigs: bytes, summ: dict,
             items_of: dict, sources: list, links: dict) -> bytes | None:
        """The entry; each summary and findings it holds was checked to be kept exactly as JSON.
        ``links``: path -> (the files its rules read, the other facts they read)."""
        index = {p: i for i, p in enumerate(files)}
        kept_links: dict = {"deps": {}, "tokens": {}}
        for i, p in enumerate(files):
            deps, tokens = links[p]
            if deps:
                kept_links["deps"][str(i)] = [index[d] for d in deps]
            if tokens:
                kept_links["tokens"][str(i)] = tokens
        meta = {"kinds": [summ[p]["kind"] for p in files],
                "refused": [i for i, p in enumerate(files) if summ[p]["refused"]],
                "sups": {}, "found": {}, "sources": sources}
        graph: dict = {"plans": {}, "reports": {}}
        for i, p in enumerate(files):
            s = summ[p]
            if s["plan"] is not None:
                graph["plans"][str(i)] = s["plan"]
            if s["reports"]:
                graph["reports"][str(i)] = s["reports"]
            if s["sup"]:
                meta["sups"][str(i)] = s["sup"]
            if items_of[p]:
                meta["found"][str(i)] = items_of[p]
        try:
            return cls._pack(day, {
                "paths": "\0".join(files).encode("utf-8", "surrogateescape"), "sigs": sigs,
                "keys": b"".join(keys[p] for p in files), "rkeys": b"".join(rkeys[p] for p in files),
                "ghash": b"".join(_ghash(summ[p]) for p in files),
                "links": _compact(kept_links), "meta": _compact(meta), "graph": _compact(graph)})
        except (TypeError, ValueError, RecursionError, UnicodeError):
            return None


def _judge(repo, only=None, positions=None, datas=None) -> dict[str, list[Finding]]:
    """Every finding of loading and of the rules on ``repo``, by file (only the files ``only`` when
    given), positions resolved: from ``positions`` (path -> the file's positions as
    :func:`_dump_positions` kept them when it was parsed; ``datas``: path -> the data its load entry
    keeps) where given, else by composing the file again (``resolve_positions``)."""
    from plans.checks.registry import all_rules
    from plans.findings import resolve_positions

    findings = list(repo.load_findings)
    kinds = None if only is None else {sf.kind for p, sf in repo.files.items() if p in only}
    for r in all_rules():
        if r.check is not None and (kinds is None or not r.on or kinds.intersection(r.on)):
            findings.extend(r.check(repo))
    if only is not None:
        findings = [f for f in findings if f.file in only]
    pending: dict[str, list] = {}
    for f in findings:
        if f.pending is not None:
            pending.setdefault(f.file, []).append(f)
    for path, fs in pending.items():
        blob = (positions or {}).get(path)
        # A key's own position ("#key") is not what composing again would give: those files are composed.
        if blob is None or any(not isinstance(f.pending.path, tuple) or "#key" in f.pending.path for f in fs):
            continue
        pmap = _load_positions(blob, (datas or {}).get(path, _NO_DATA))
        if pmap is None:
            continue
        for f in fs:  # as resolve_positions does with a file's positions; the map is then let go
            f.line, f.col = f.pending.resolve(pmap)
            f.pending = None
    resolve_positions(findings)  # the others: their files composed again
    by_file: dict[str, list[Finding]] = {}
    for f in findings:
        by_file.setdefault(f.file, []).append(f)
    return by_file


# ---------------------------------------------------------------- summaries

def _summarize(path: str, repo) -> dict:
    """What the other files' rules need to know of ``path``, from its part of ``repo``."""
    from plans.cascade.links import linkable, parse_link
    from plans.checks import suppressions

    sf = repo.files.get(path)
    s: dict = {"format": FORMAT, "path": path, "kind": sf.kind if sf else None,
               "refused": bool(sf.refused) if sf else False, "plan": None, "reports": [], "sup": []}
    plan = next((p for p in repo.plans.values() if p.file == path), None)
    if plan is None:
        plan = next((second for kind, _first, second in repo.duplicates if kind == "plan" and second.file == path),
                    None)
    if plan is not None:
        links = set()
        for node in linkable(plan):
            for link in node.carries_out:
                parsed = parse_link(link)
                if parsed:
                    links.add(parsed[0])
        src = plan.source if isinstance(plan.source, dict) else {}
        s["plan"] = {
            "id": plan.id, "number": plan.number if isinstance(plan.number, str) else "",
            "ids": sorted({imp.plan for imp in plan.implements if imp.plan} | links),
            "numbers": sorted({imp.ref.number for imp in plan.implements
                               if not imp.plan and imp.ref is not None and isinstance(imp.ref.number, str)}),
            "source": src.get("file") if isinstance(src.get("file"), str) else None,
        }
    s["reports"] = [[str(r.plan), str(r.period), str(r.agency)] for r in repo.reports if r.file == path]
    if sf is not None and not sf.refused:
        lines = sf.lines
        s["sup"] = [[n, sorted(codes), reason, col, lines[n - 1].strip()]
                    for n, (codes, reason, col) in suppressions(lines).items()]
    return s


def _sound_summary(s, path: str) -> bool:
    if not (isinstance(s, dict) and s.get("format") == FORMAT and s.get("path") == path):
        return False
    plan = s.get("plan")
    if not ((plan is None or _sound_plan(plan)) and _sound_reports(s.get("reports")) and _sound_sup(s.get("sup"))):
        return False
    return (s.get("kind") is None or isinstance(s.get("kind"), str)) and isinstance(s.get("refused"), bool)


def _sound_plan(plan) -> bool:
    return (isinstance(plan, dict) and isinstance(plan.get("id"), str) and isinstance(plan.get("number"), str)
            and all(isinstance(x, str) for x in plan.get("ids", [None]))
            and all(isinstance(x, str) for x in plan.get("numbers", [None]))
            and (plan.get("source") is None or isinstance(plan.get("source"), str)))


def _sound_reports(reports) -> bool:
    return isinstance(reports, list) and all(isinstance(r, list) and len(r) == 3
                                             and all(isinstance(x, str) for x in r) for r in reports)


def _sound_sup(sup) -> bool:
    return isinstance(sup, list) and all(
        isinstance(x, list) and len(x) == 5 and type(x[0]) is int and isinstance(x[1], list)
        and all(isinstance(c, str) for c in x[1]) and isinstance(x[2], str) and type(x[3]) is int
        and isinstance(x[4], str) for x in sup)


def _sups(s: dict) -> dict:
    return {n: (set(codes), reason, col, comment) for n, codes, reason, col, comment in s["sup"]}


def _source_file(path: str, s: dict):
    from plans.loading.model import SourceFile

    return SourceFile(path, s["kind"], refused=s["refused"])


def _dump(doc) -> bytes | None:
    try:
        text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
        if json.loads(text) != doc:
            return None
        return text.encode("utf-8", "surrogatepass")
    except (TypeError, ValueError, RecursionError, UnicodeError):
        return None


def _restore(entry, path: str) -> list[Finding] | None:
    if not (type(entry) is dict and entry.get("format") == FORMAT and entry.get("path") == path
            and type(entry.get("findings")) is list):
        return None
    out = []
    for it in entry["findings"]:
        if type(it) is not list or len(it) != 5:
            return None
        code, sev, line, col, args = it
        if type(code) is not str or type(sev) is not str or type(line) is not int or type(col) is not int \
                or type(args) is not dict:
            return None
        out.append(Finding(code, sev, path, line, col, args))
    return out


# ---------------------------------------------------------------- what each file's rules depend on

class _Graph:
    """Plans, numbers and reports of the whole repository, from the summaries, in file order: which
    file defines a plan id (the first one: a later one is a duplicate), which plans a document number
    may name, which report came first for a (plan, period, agency)."""

    def __init__(self, files: list[str], summ: dict[str, dict]):
        from plans.cascade.links import normal_number

        self.files, self.summ = files, summ
        self.order = {p: i for i, p in enumerate(files)}
        self.winner: dict[str, str] = {}
        self.first_report: dict[tuple, str] = {}
        self.by_number: dict[str, list[str]] = {}
        for path in files:
            s = summ[path]
            plan = s["plan"]
            if plan is not None and plan["id"] not in self.winner:
                self.winner[plan["id"]] = path
                n = normal_number(plan["number"])
                if n:
                    self.by_number.setdefault(n, []).append(path)
            for r in s["reports"]:
                self.first_report.setdefault(tuple(r), path)
        self.numbers = sorted(self.by_number)
        self._bases: dict[str, str] = {}
        self._probes: dict[tuple, object] = {}
        self.context = [p for p in files if summ[p]["kind"] in CONTEXT_KINDS]

    def _source(self, name: str, path: str):
        """What R023 says of ``source.file`` ``name`` in ``path`` (asked once per directory and name)."""
        from plans.checks.plan_rules import _plans_dir, _source_problem

        d = os.path.dirname(path)
        base = self._bases.get(d)
        if base is None:
            base = self._bases[d] = _plans_dir(path)
        k = (name, base)
        if k not in self._probes:
            self._probes[k] = _source_problem(name, base)
        return self._probes[k]

    def sources(self, files: list[str]) -> list:
        """What R023 says of every plan's ``source.file`` among ``files``, as JSON: a file added or
        removed under ``sources/`` changes it."""
        out = []
        for i, p in enumerate(files):
            plan = self.summ[p]["plan"]
            if plan is not None and plan["source"] is not None:
                out.append([i, plan["source"], self._source(plan["source"], p)])
        return json.loads(json.dumps(out, ensure_ascii=False))

    def context_key(self, keys: dict) -> bytes | None:
        return _context_key(self.context, keys)

    def _numbered(self, number: str) -> set[str]:
        """The plans whose number may be ``number`` (``same_document``, dates aside: a superset)."""
        from plans.cascade.links import normal_number

        na = normal_number(number)
        if not na:
            return set()
        out = set()
        for i in range(1, len(na) + 1):  # numbers that ``na`` extends, and ``na`` itself
            out.update(self.by_number.get(na[:i], ()))
        i = bisect.bisect_left(self.numbers, na)
        while i < len(self.numbers) and self.numbers[i].startswith(na):  # numbers that extend ``na``
            out.update(self.by_number[self.numbers[i]])
            i += 1
        return out

    def deps(self, path: str) -> tuple[list[str], list]:
        """The files whose content decides ``path``'s findings besides its own and the context, and
        the other facts that do (plan ids that no file defines, the state of ``source.file``)."""
        s = self.summ[path]
        out, tokens = set(), []
        plan = s["plan"]
        if plan is not None:
            w = self.winner.get(plan["id"])
            if w is not None and w != path:
                out.add(w)  # a duplicate plan id: the first file's plan is the one in the model
            for pid in plan["ids"]:
                w = self.winner.get(pid)
                if w is None:
                    tokens.append(["absent", pid])
                elif w != path:
                    out.add(w)
            for number in plan["numbers"]:
                out.update(self._numbered(number))
            if plan["source"] is not None:
                tokens.append(["source", plan["source"], self._source(plan["source"], path)])
        for r in s["reports"]:
            w = self.winner.get(r[0])
            if w is None:
                tokens.append(["absent", r[0]])
            else:
                out.add(w)
            first = self.first_report.get(tuple(r))
            if first is not None and first != path:
                out.add(first)
        out.discard(path)
        return sorted(out, key=self.order.__getitem__), tokens

    def closure(self, missed: list[str]) -> set[str]:
        """The files of the model that judges ``missed``: the context, the files themselves, what
        they depend on, and for every plan or report in it the file that defines it first (so that
        a duplicate is a duplicate in that model as in the whole repository)."""
        need = set(self.context) | set(missed)
        for p in missed:
            need.update(self.deps(p)[0])
        for p in list(need):
            s = self.summ[p]
            if s["plan"] is not None:
                need.add(self.winner.get(s["plan"]["id"], p))
            for r in s["reports"]:
                need.add(self.first_report.get(tuple(r), p))
        return need
