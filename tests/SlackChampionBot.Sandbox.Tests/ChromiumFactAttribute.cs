namespace SlackChampionBot.Sandbox.Tests;

/// <summary>A Fact that needs Debian's Chromium (<c>apt-get install chromium</c>; CI installs it) and skips, saying so, without it.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>Where Debian's package puts it; <c>CHROMIUM_PATH</c> overrides.</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(ExecutablePath))
        {
            Skip = $"No Chromium at {ExecutablePath}: install Debian's chromium package (.ci/run does) or set CHROMIUM_PATH to run the browser tests.";
        }
    }
}
