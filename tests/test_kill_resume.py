"""Kill -9 the console chat mid-interview, start it again: nothing lost, same question."""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from intake_bot.casework import Casework
from intake_bot.presentation import question_label
from intake_bot.storage.sqlite import SqliteStorage
from tests.scripted import SINGLE_MOTHER, answer_for

PROMPT = b"> "
TIMEOUT = 20.0


class Chat:
    """The real ``intake-bot run`` as a subprocess, typed into through a pipe."""

    def __init__(self, data_dir: Path, case_id: int):
        env = {**os.environ, "INTAKE_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"}
        env.pop("TELEGRAM_BOT_TOKEN", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "intake_bot", "run", "--locale", "fr", "--role", "household",
             "--case", str(case_id)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)

    def screen_until_prompt(self) -> str:
        """Everything printed up to the next prompt, or until the chat ends by itself."""
        out = b""
        deadline = time.monotonic() + TIMEOUT
        while not out.endswith(PROMPT):
            ready, _, _ = select.select([self.process.stdout], [], [], deadline - time.monotonic())
            assert ready, f"no prompt within {TIMEOUT}s; got {out[-500:]!r}"
            chunk = os.read(self.process.stdout.fileno(), 65536)
            if not chunk:
                assert self.process.wait(timeout=TIMEOUT) == 0, out[-2000:]
                break
            out += chunk
        return out.decode("utf-8")

    def type(self, line: str) -> None:
        self.process.stdin.write(line.encode("utf-8") + b"\n")
        self.process.stdin.flush()

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=TIMEOUT)


def test_killing_the_chat_at_random_moments_loses_nothing(tmp_path):
    storage = SqliteStorage(tmp_path / "intake.sqlite")
    case_id = storage.create_case(created_by="test").id
    casework = Casework(SqliteStorage(tmp_path / "intake.sqlite"))
    rng = random.Random(20261122)
    kills = 0
    chat = Chat(tmp_path, case_id)
    screen = chat.screen_until_prompt()
    while (question := casework.current(case_id, "household")) is not None:
        asked = question.path
        chat.type(answer_for(SINGLE_MOTHER, asked))
        if rng.random() < 0.15:
            time.sleep(rng.choice([0, 0.002, 0.01, 0.05, 0.2]))
            chat.kill()  # before, during or after the answer's commit
            kills += 1
            chat = Chat(tmp_path, case_id)
            screen = chat.screen_until_prompt()
            resumed = casework.current(case_id, "household")
            stored = casework.state(case_id)["answers"].get(asked)
            if stored is None:  # killed before the commit: the same question again
                assert resumed.path == asked
            else:  # killed after the commit: the answer is whole and we moved on
                assert stored["raw"] == answer_for(SINGLE_MOTHER, asked)
                assert resumed is None or resumed.path != asked
            if resumed is not None:
                assert question_label(resumed.slot) in screen
            continue
        screen = chat.screen_until_prompt()
        assert casework.state(case_id)["answers"][asked]["raw"] == answer_for(SINGLE_MOTHER, asked)
    assert "Merci ! Vous avez répondu à toutes les questions." in screen
    assert chat.process.wait(timeout=TIMEOUT) == 0
    history = [event.path for event in casework.storage.answer_history(case_id)]
    assert kills >= 3
    assert len(history) == len(set(history)), "an answer was stored twice"
    assert set(history) == set(casework.state(case_id)["answers"])
    assert casework.storage.get_case(case_id).status == "ready_for_review"
