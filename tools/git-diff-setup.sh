#!/bin/sh
# Configure git in this clone so that reviewing a change to the plans reads in plan terms:
#
#   git diff            hunk headers name the task / target / section / agency id (diff driver "plans",
#                       selected for plans/ and kpi/ by .gitattributes)
#   git difftool -t plans [BASE]      each changed YAML file shown by `plans diff --paths OLD NEW`
#
# Only this clone's .git/config is changed (git config --local); run it once after cloning. Nothing here is
# read by git from the repository itself at diff time: the commands below are the whole configuration.
set -eu
git config --local diff.plans.xfuncname '^[[:space:]]*-[[:space:]]+((id|indicator|field):[[:space:]]*.+)$'
git config --local difftool.plans.cmd 'plans diff --paths "$LOCAL" "$REMOTE"'
git config --local difftool.prompt false
echo "git: diff driver 'plans' and difftool 'plans' configured for $(git rev-parse --show-toplevel)"
