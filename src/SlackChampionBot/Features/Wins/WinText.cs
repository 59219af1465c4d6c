using System.Text;
using System.Text.RegularExpressions;

namespace SlackChampionBot.Features.Wins;

/// <summary>What a message's Slack-markup text says about a win: its tag, mentions, stage and how much story it tells.</summary>
internal sealed record WinTextFacts(
    bool HasTag,
    int StoryLength,
    IReadOnlyList<string> MentionedUserIds,
    LifecycleStage? Stage,
    ExperienceKind? Experience);

/// <summary>
/// Reads win facts from message text as Slack sends it (mentions as <c>&lt;@U…&gt;</c>, entities escaped).
/// Message text is anyone's input and events are processed one at a time, so every pattern here runs in time linear
/// in the text: the regexes use <see cref="RegexOptions.NonBacktracking"/> (a backtracking <c>&lt;…</c> pattern took
/// seconds on 40,000 characters of <c>&lt;a&lt;a&lt;a…</c>), and hashtags, whose rule needs a look-behind that the
/// non-backtracking engine lacks, are found by <see cref="Hashtags"/>, a single pass.
/// </summary>
internal static partial class WinText
{
    public static WinTextFacts Read(string? slackText, WinsOptions options)
    {
        var text = slackText ?? string.Empty;
        var hashtags = Hashtags(text).Select(h => h.Name).ToList();
        var hashtagSet = new HashSet<string>(hashtags, StringComparer.OrdinalIgnoreCase);

        var hasTag = options.EffectiveTags.Any(tag => tag.StartsWith('#')
            ? hashtagSet.Contains(tag[1..])
            : text.Contains(tag, StringComparison.OrdinalIgnoreCase));

        var stageTags = options.EffectiveStageTags;
        var experienceTags = options.EffectiveExperienceTags;
        LifecycleStage? stage = null;
        ExperienceKind? experience = null;
        foreach (var hashtag in hashtags)
        {
            if (stage is null && stageTags.TryGetValue(hashtag, out var s))
            {
                stage = s;
            }

            if (experience is null && experienceTags.TryGetValue(hashtag, out var e))
            {
                experience = e;
            }
        }

        var mentions = UserMention().Matches(text).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();

        // The story: the text without mentions, special mentions, channel links, emoji, and the tags themselves.
        var story = UserMention().Replace(text, " ");
        story = SpecialMarkup().Replace(story, " ");
        story = LinkMarkup().Replace(story, m => m.Groups[2].Success ? m.Groups[2].Value : m.Groups[1].Value);
        story = Emoji().Replace(story, " ");
        story = ReplaceHashtags(story, name =>
            options.EffectiveTags.Any(t => t.StartsWith('#') && string.Equals(t[1..], name, StringComparison.OrdinalIgnoreCase))
            || stageTags.ContainsKey(name) || experienceTags.ContainsKey(name));
        foreach (var tag in options.EffectiveTags.Where(t => !t.StartsWith('#')))
        {
            story = story.Replace(tag, " ", StringComparison.OrdinalIgnoreCase);
        }

        story = Whitespace().Replace(Mrkdwn.Unescape(story), " ").Trim();
        return new WinTextFacts(hasTag, story.Length, mentions, stage, experience);
    }

    /// <summary>
    /// The hashtags in <paramref name="text"/>, left to right: a <c>#</c> that does not follow a letter, digit,
    /// <c>_</c>, <c>#</c> or <c>&amp;</c> (so <c>team#win</c> and the entity <c>&amp;#39;</c> are not tags), and the
    /// letters, digits, <c>_</c> and <c>-</c> after it. One pass, each character looked at once or twice.
    /// </summary>
    internal static IEnumerable<(int Index, int Length, string Name)> Hashtags(string text)
    {
        var i = 0;
        while ((i = text.IndexOf('#', i)) >= 0)
        {
            var end = i + 1;
            while (end < text.Length && IsHashtagChar(text[end]))
            {
                end++;
            }

            if (end > i + 1 && (i == 0 || !IsGlued(text[i - 1])))
            {
                yield return (i, end - i, text[(i + 1)..end]);
            }

            i = end;
        }
    }

    /// <summary>The text with every hashtag whose name <paramref name="remove"/> accepts replaced by a space.</summary>
    private static string ReplaceHashtags(string text, Func<string, bool> remove)
    {
        var builder = new StringBuilder(text.Length);
        var copied = 0;
        foreach (var (index, length, name) in Hashtags(text))
        {
            if (remove(name))
            {
                builder.Append(text, copied, index - copied).Append(' ');
                copied = index + length;
            }
        }

        return copied == 0 ? text : builder.Append(text, copied, text.Length - copied).ToString();
    }

    private static bool IsHashtagChar(char c) => char.IsLetterOrDigit(c) || char.IsNumber(c) || c is '_' or '-';

    /// <summary>A character that makes a following <c>#</c> part of a word or an entity rather than a tag.</summary>
    private static bool IsGlued(char c) => char.IsLetterOrDigit(c) || char.IsNumber(c) || c is '_' or '#' or '&';

    [GeneratedRegex(@"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>", RegexOptions.NonBacktracking)]
    private static partial Regex UserMention();

    /// <summary><c>&lt;!channel&gt;</c>, <c>&lt;!subteam^S1|@team&gt;</c>, <c>&lt;#C1|general&gt;</c>.</summary>
    [GeneratedRegex(@"<[!#][^>]*>", RegexOptions.NonBacktracking)]
    private static partial Regex SpecialMarkup();

    /// <summary><c>&lt;https://x|label&gt;</c> or <c>&lt;https://x&gt;</c>: the label counts as text, a bare URL as itself.</summary>
    [GeneratedRegex(@"<([^>|@!#][^>|]*)(?:\|([^>]*))?>", RegexOptions.NonBacktracking)]
    private static partial Regex LinkMarkup();

    [GeneratedRegex(@":[a-z0-9_+\-']+:(?::skin-tone-\d:)?", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex Emoji();

    [GeneratedRegex(@"\s+", RegexOptions.NonBacktracking)]
    private static partial Regex Whitespace();
}
