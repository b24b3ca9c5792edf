"""The therapy chapter's chart of medians and rates per arm (casebook.charts.trial_arms)."""

from __future__ import annotations

import pytest

from casebook import charts
from casebook.evidence import load_trials


@pytest.fixture(scope="module")
def trials():
    return load_trials()


def test_frame_has_both_arms_of_every_median_and_rate(trials):
    rows = trials[trials["measure"].isin(["median_months", "rate_pct"])]
    frame = charts.arm_values_frame(trials)
    assert len(frame) == 2 * len(rows)
    for r in rows.itertuples():
        arms = frame[frame["row_id"] == r.row_id].set_index("arm")["value"]
        assert list(arms) == [r.arm_a_value, r.arm_b_value]


def test_sre_reads_lower_as_better(trials):
    frame = charts.arm_values_frame(trials).drop_duplicates("row_id").set_index("row_id")
    sre = trials[(trials["endpoint"] == "SRE") & (trials["measure"] == "rate_pct")].iloc[0]
    assert sre["arm_a_value"] < sre["arm_b_value"]  # denosumab 31 % against 36 %
    assert frame.loc[sre["row_id"], "a_ahead"]
    assert frame.loc[sre["row_id"], "better"] == "lower is better"


def test_title_counts_what_the_table_holds(trials):
    rows = trials[trials["measure"].isin(["median_months", "rate_pct"])]
    higher = rows["arm_a_value"] > rows["arm_b_value"]
    ahead = int((higher ^ rows["endpoint"].isin(["SRE"])).sum())
    spec = charts.arm_values_chart(trials).to_dict()
    assert " ".join(spec["title"]["text"]).startswith(
        f"Arm A is ahead in {ahead} of {len(rows)} medians"
    )
    assert f"numerically ahead in {ahead} of {len(rows)}" in spec["description"]
    # One panel per measure, each titled with its unit.
    assert [p["title"] for p in spec["vconcat"]] == list(charts.ARM_MEASURES.values())


def test_labels_are_unique_within_a_measure(trials):
    frame = charts.arm_values_frame(trials)
    for _, part in frame[frame["arm"] == frame["arm"].iloc[0]].groupby("measure"):
        assert part["label"].is_unique, part["label"][part["label"].duplicated()].tolist()


def test_no_median_or_rate_is_a_sentence(trials):
    only_hr = trials[trials["measure"] == "hazard_ratio"]
    with pytest.raises(ValueError, match="no median or rate row"):
        charts.arm_values_chart(only_hr)
