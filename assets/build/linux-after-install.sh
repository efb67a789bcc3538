#!/bin/sh
# Puts the `trustfix` command on PATH: the installed app's own CLI launcher.
ln -sf '/opt/${sanitizedProductName}/resources/cli/trustfix' /usr/local/bin/trustfix || true
