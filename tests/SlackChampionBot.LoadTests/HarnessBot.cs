namespace SlackChampionBot.LoadTests;

/// <summary>How the harness runs the bot: HTTP mode, its signing secret, the loopback Slack stub, one database.</summary>
internal static class HarnessBot
{
    public const string Secret = "8f742231b10e8888abcd99yyyzzz85a5"; // 32 characters, a test value only

    /// <summary>The bot on a SQLite file at <paramref name="database"/>.</summary>
    public static Dictionary<string, string?> Environment(Uri slackApi, string database) => Environment(slackApi, HarnessDatabase.Sqlite(database));

    public static Dictionary<string, string?> Environment(Uri slackApi, HarnessDatabase database)
    {
        var settings = new Dictionary<string, string?>
        {
            ["SLACK__BOTTOKEN"] = "xoxb-0000000000-0000000000000-loadtestloadtestloadtest",
            ["SLACK__USESOCKETMODE"] = "false",
            ["SLACK__SIGNINGSECRET"] = Secret,
            ["SLACK__APIBASEURL"] = slackApi.ToString(),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in database.BotSettings)
        {
            settings[key] = value;
        }

        return settings;
    }
}
