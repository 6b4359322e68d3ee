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
