using SlackChampionBot.Sandbox;
using SlackChampionBot.TestSupport;

namespace SlackChampionBot.Tests.Support;

/// <summary>Runs the bot built beside these tests (SlackChampionBot.dll) as a real process.</summary>
internal static class HostProcess
{
    public static BotProcess Start(IEnumerable<KeyValuePair<string, string?>> environment, string workingDirectory) =>
        BotProcess.Start(Path.Combine(AppContext.BaseDirectory, "SlackChampionBot.dll"), environment, workingDirectory);
}
