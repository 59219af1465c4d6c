namespace SlackChampionBot.Hosting;

/// <summary>
/// Builds the one-line messages that stop start-up. Each names the configuration key, the environment variable that
/// sets it, and how to fix it. Never includes the value itself: it may be a secret.
/// </summary>
internal static class ConfigurationProblem
{
    /// <summary>The environment variable for a key: <c>Slack:BotToken</c> → <c>SLACK__BOTTOKEN</c>.</summary>
    public static string EnvironmentVariable(string key) => key.Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant();

    public static string Missing(string key, string whatToSet) =>
        $"{key} is missing: set {EnvironmentVariable(key)} to {whatToSet}";

    public static string Malformed(string key, string expectation) =>
        $"{key} is malformed: {expectation} (set {EnvironmentVariable(key)})";
}
