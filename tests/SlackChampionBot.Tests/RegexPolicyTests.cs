using System.Reflection;
using System.Text.RegularExpressions;
using SlackChampionBot.Features.Wins;
using SlackChampionBot.Slack;

namespace SlackChampionBot.Tests;

/// <summary>
/// Every regex in the bot reads text someone typed into Slack, so each one must run in linear time (the
/// non-backtracking engine) or carry a match timeout that its caller handles. A new pattern without either fails here.
/// </summary>
public sealed class RegexPolicyTests
{
    public static TheoryData<string> GeneratedRegexes()
    {
        var data = new TheoryData<string>();
        foreach (var (name, _) in AllGeneratedRegexes())
        {
            data.Add(name);
        }

        return data;
    }

    [Fact]
    public void GeneratedRegexes_AreFound()
    {
        // Guards the reflection below: if it found nothing, the policy test would pass vacuously.
        Assert.Contains(AllGeneratedRegexes(), r => r.Name.StartsWith(typeof(WinText).FullName!, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(GeneratedRegexes))]
    public void GeneratedRegex_RunsInLinearTimeOrWithATimeout(string name)
    {
        var regex = AllGeneratedRegexes().Single(r => r.Name == name).Regex;

        Assert.True(
            regex.Options.HasFlag(RegexOptions.NonBacktracking) || regex.MatchTimeout != Regex.InfiniteMatchTimeout,
            $"{name} (\"{regex}\") backtracks without a timeout: add RegexOptions.NonBacktracking, or a match timeout whose RegexMatchTimeoutException is handled.");
    }

    private static IEnumerable<(string Name, Regex Regex)> AllGeneratedRegexes() =>
        from assembly in new[] { typeof(WinText).Assembly, typeof(Mrkdwn).Assembly }
        from type in assembly.GetTypes()
        from method in type.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
        where method.ReturnType == typeof(Regex) && method.GetParameters().Length == 0 && method.GetCustomAttribute<GeneratedRegexAttribute>() is not null
        select ($"{type.FullName}.{method.Name}", (Regex)method.Invoke(null, null)!);
}
