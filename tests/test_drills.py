"""The drills (``make drill``) in their short form: small parameters, same checks."""

from __future__ import annotations

import logging

from drills import disk, erasure, fuzz, kill, locked, outage, retention, two_instances


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


def test_two_instances_on_one_postgresql_one_killed_lose_and_repeat_nothing(tmp_path, postgres_url):
    report = two_instances.run(tmp_path, households=4, kills=4, left=24, between=0.1,
                               timeout=120, url=postgres_url)
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


def test_an_erased_household_is_found_nowhere_in_the_data_folder(tmp_path):
    report = erasure.run(tmp_path, households_count=2, questions=20)
    _passed(report)
    assert report.faults == report.completed == 2


def test_retention_purges_the_old_cases_and_keeps_the_recent_ones(tmp_path):
    report = retention.run(tmp_path, old_count=2, recent_count=2)
    _passed(report)
    assert report.faults == 2 and report.completed == report.households == 3


def test_a_locked_database_never_gets_a_false_saved_and_every_answer_is_stored_once(tmp_path, caplog):
    caplog.set_level(logging.CRITICAL)  # the busy database is logged
    report = locked.run(tmp_path, households_count=4, left=30, hold=2.5, gap=1.5)
    _passed(report)
    assert report.faults >= 1
    assert report.completed == report.households == 4


def test_replies_kept_through_a_bot_api_outage_arrive_once(tmp_path, caplog):
    caplog.set_level(logging.CRITICAL)  # the failed requests are logged
    report = outage.run(tmp_path, households_count=4, left=15, down=6.0, hang=3.0)
    _passed(report)
    assert report.faults == 2
    assert report.completed == report.households == 4
