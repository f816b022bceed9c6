// Preloaded (`node --require`) into a process the bench measures: prints its peak RSS, in MB, to stderr at exit.
process.on('exit', () => process.stderr.write(`\npeak-rss-mb ${Math.round(process.resourceUsage().maxRSS / 1024)}\n`));
