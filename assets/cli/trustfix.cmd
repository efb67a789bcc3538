@echo off
rem `trustfix` from the installed app (Windows): the app binary with --trustfix-cli.
"%~dp0..\..\TrustFix.exe" --trustfix-cli %*
