using SlackChampionBot.Benchmarks;

return await LeaderboardBenchmark.Run(args);
