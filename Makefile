.PHONY: run test fmt lint messages shell

run:  ## portal with demo data, worker and beat at http://127.0.0.1:8000
	scripts/run.sh

test:  ## lint (ruff, djLint), migration check and the whole test suite
	scripts/test.sh

fmt:  ## format and autofix
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/djlint templates --lint

messages:  ## refresh locale/vi from the code and compile it
	.venv/bin/python manage.py makemessages -l vi --no-obsolete --ignore=.venv --ignore=.local
	.venv/bin/python manage.py compilemessages --ignore=.venv

shell:
	.venv/bin/python manage.py shell
