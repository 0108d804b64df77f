"""The drills (``make drill``) in their short form: small parameters, same checks."""

from __future__ import annotations

import logging

from drills import disk, fuzz, kill


def _passed(report) -> None:
    assert report.failures == []
    assert report.answers_lost == 0


def test_kill_9_at_random_moments_loses_and_repeats_nothing(tmp_path):
    report = kill.run(tmp_path, households=4, kills=4, left=10, between=0.1, timeout=60)
    _passed(report)
    assert report.faults >= 4
    assert report.completed == report.households == 4


def test_kill_9_behind_a_webhook_loses_and_repeats_nothing(tmp_path):
    report = kill.run(tmp_path, households=4, kills=4, left=10, between=0.1, timeout=60, webhook=True)
    _passed(report)
    assert report.faults >= 4
    assert report.completed == report.households == 4


def test_fuzzed_updates_are_all_answered_and_the_database_stays_consistent(tmp_path):
    report = fuzz.run(tmp_path, examples=40)
    _passed(report)
    assert report.faults >= 40


def test_a_full_or_read_only_disk_is_told_and_recovered_from(tmp_path, caplog):
    caplog.set_level(logging.CRITICAL)  # the handled storage errors are logged
    report = disk.run(tmp_path)
    _passed(report)
    assert report.faults == 2
    assert report.completed == 1
