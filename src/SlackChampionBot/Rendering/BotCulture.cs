using System.Globalization;

namespace SlackChampionBot.Rendering;

/// <summary>
/// The bot speaks British English whatever the machine's culture: every number, date and ordinal in a message is
/// formatted with <see cref="English"/>, so a server with <c>LANG=de_DE.UTF-8</c> still says "mean 3.50" and
/// "2nd", and one with the invariant culture (a container's usual) does not drop the ordinal suffixes.
/// Keys that are stored or parsed use <see cref="CultureInfo.InvariantCulture"/> instead.
/// </summary>
internal static class BotCulture
{
    public static CultureInfo English { get; } = CultureInfo.GetCultureInfo("en-GB");
}
