namespace SlackChampionBot.LoadTests;

/// <summary>How the harness runs the bot: HTTP mode, its signing secret, the loopback Slack stub, one SQLite file.</summary>
internal static class HarnessBot
{
    public const string Secret = "8f742231b10e8888abcd99yyyzzz85a5"; // 32 characters, a test value only

    public static Dictionary<string, string?> Environment(Uri slackApi, string database) => new()
    {
        ["SLACK__BOTTOKEN"] = "xoxb-0000000000-0000000000000-loadtestloadtestloadtest",
        ["SLACK__USESOCKETMODE"] = "false",
        ["SLACK__SIGNINGSECRET"] = Secret,
        ["SLACK__APIBASEURL"] = slackApi.ToString(),
        ["CONNECTIONSTRINGS__CHAMPIONBOT"] = $"Data Source={database}",
        ["Logging__LogLevel__Default"] = "Warning",
    };
}
