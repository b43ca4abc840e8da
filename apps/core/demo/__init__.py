"""The demo's lived-in years for ``manage.py load_demo_data`` (development only).

``calendar``: which years the demo plays (a finished past year, the current year in its
recognition phase, next year's registration) and the moments of each, from today.
``people``: the staff of the units the story follows, besides the command's accounts.
``story``: the years themselves, played through the services with each moment passed
in as ``now``, so every row is one the portal itself could have written.
"""
