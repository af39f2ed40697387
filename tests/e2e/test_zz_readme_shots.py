import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))


def test_readme_shots(browser, app):
    import screenshot
    screenshot.BASE = app.url
    for username, name in screenshot.SHOTS:
        screenshot.shoot(browser, username, f"docs/{name}")
