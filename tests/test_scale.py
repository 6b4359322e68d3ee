"""Work that must not grow with rows × plans (speed itself is measured by `make bench`, never here)."""
from plans.queries import names


def test_plan_labels_fold_each_number_once(in_fixture_repo, monkeypatch):
    repo = in_fixture_repo.load()
    assert len(repo.plans) >= 3
    calls = []
    real = names.fold
    monkeypatch.setattr(names, "fold", lambda s: calls.append(s) or real(s))
    names._number_key.cache_clear()
    labels = [names.plan_label(repo, p) for _ in range(20) for p in repo.plans.values()]
    assert labels[: len(repo.plans)] == labels[-len(repo.plans):]
    assert len(calls) <= len({p.number for p in repo.plans.values()})  # not 20 × plans × plans


def test_plan_labels_see_a_number_that_becomes_shared(in_fixture_repo):
    repo = in_fixture_repo.load()
    a, b = [p for p in repo.plans.values() if p.number and "…" not in p.number][:2]
    assert names.plan_label(repo, a) == a.number
    b.number = a.number  # two plans with one number: the label tells them apart
    assert names.plan_label(repo, a) != a.number and names.plan_label(repo, a).startswith(a.number)
