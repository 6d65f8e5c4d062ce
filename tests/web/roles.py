"""The demo's users grouped by desk, for permission matrices."""

USERS = ["anonymous", "tele.demo", "streamflix", "quartier", "csa", "cca", "wallimage",
         "wallimage.board", "ardenne", "canal.prod", "phare", "admin", "nobody"]
DESKLESS = {"admin", "nobody"}
REGULATORS = {"csa", "cca"}
FUND = {"wallimage", "wallimage.board"}
EDITORS = {"tele.demo", "streamflix", "quartier"}
PRODUCERS = {"ardenne", "canal.prod", "phare"}  # phare: the production desk's demo producer
LOGGED_IN = set(USERS) - {"anonymous"}
