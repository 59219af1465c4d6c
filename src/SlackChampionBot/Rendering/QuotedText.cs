using System.Text;

namespace SlackChampionBot.Rendering;

/// <summary>How quoted text shows the people it mentions.</summary>
internal enum MentionStyle
{
    /// <summary>
    /// Real mentions (<c>&lt;@U123&gt;</c>), which Slack shows as the person's current name. Only where a mention
    /// cannot notify anyone: App Home, ephemeral answers.
    /// </summary>
    Mentions,

    /// <summary>The name Slack shows (from the People directory) as plain text: channel posts and DMs, which would ping.</summary>
    Names,
}

/// <summary>
/// The one rule for quoting a person's text (a win, a nomination reason) back into Slack. The text is read as Slack
/// sent it, in Slack markup: outside <c>&lt;…&gt;</c> it is already escaped, and every <c>&lt;…&gt;</c> is markup.
/// Literal text is escaped again; a user mention stays a person (<see cref="MentionStyle"/>); a channel becomes
/// <c>#name</c>; <c>&lt;!channel&gt;</c>, <c>&lt;!here&gt;</c>, <c>&lt;!everyone&gt;</c> and user group mentions become
/// plain text that pings nobody (the bot never sends <c>link_names</c>); a link becomes its label (or its URL as
/// text), so no quote can hide where a link goes. Lengths are of the mrkdwn as sent (what Slack limits), and cutting
/// never splits a mention, an entity or a surrogate pair.
/// </summary>
internal static class QuotedText
{
    /// <summary>The users the text mentions, in order, once each (so a caller can look their names up).</summary>
    public static IReadOnlyList<string> MentionedUserIds(string? slackText) =>
        Parse(slackText).OfType<UserMention>().Select(m => m.UserId).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Safe mrkdwn for <paramref name="slackText"/>, at most <paramref name="maxLength"/> characters long as sent (with
    /// an ellipsis when cut); <paramref name="singleLine"/> turns line breaks into spaces. <paramref name="names"/>:
    /// user ID → the name Slack shows, for <see cref="MentionStyle.Names"/>.
    /// </summary>
    public static string Render(string? slackText, MentionStyle style, IReadOnlyDictionary<string, string>? names = null, int maxLength = int.MaxValue, bool singleLine = false)
    {
        var pieces = Parse(singleLine ? slackText?.ReplaceLineEndings(" ") : slackText?.ReplaceLineEndings("\n"))
            .Select(p => Show(p, style, names))
            .ToList();
        var fits = pieces.Sum(p => (long)p.Mrkdwn.Length) <= maxLength;
        var budget = fits ? long.MaxValue : maxLength - 1; // room for the ellipsis when cut
        var output = new StringBuilder();
        foreach (var (literal, mrkdwn) in pieces)
        {
            if (output.Length + mrkdwn.Length <= budget)
            {
                output.Append(mrkdwn);
                continue;
            }

            // Out of room: literal text is cut (never inside an entity or a surrogate pair); markup is left out whole.
            var room = (int)(budget - output.Length);
            output.Append(literal is not null && room > 0 ? Mrkdwn.EscapeAndTruncate(literal, room + 1) : (maxLength > 0 ? "…" : string.Empty));
            break;
        }

        return output.ToString();
    }

    /// <summary>
    /// The text as a person reads it, not escaped: for a plain_text field (a form's initial value). Mentions become
    /// <c>@name</c>, markup what it shows.
    /// </summary>
    public static string Plain(string? slackText, IReadOnlyDictionary<string, string>? names) =>
        string.Concat(Parse(slackText).Select(piece => piece switch
        {
            Literal literal => literal.Text,
            UserMention mention => "@" + NameOf(mention, names),
            Markup markup => markup.Shown,
            _ => string.Empty,
        }));

    /// <summary>The text as a Slack block quote (<c>&gt; </c> before each line), at most <paramref name="maxLines"/> lines and <paramref name="maxLength"/> characters.</summary>
    public static string BlockQuote(string? slackText, MentionStyle style, IReadOnlyDictionary<string, string>? names, int maxLength, int maxLines)
    {
        var lines = Render(slackText?.Trim(), style, names, Math.Max(maxLength - (2 * maxLines), 1)).Split('\n');
        return string.Join("\n", lines.Take(maxLines).Select(l => "> " + l));
    }

    /// <summary>A piece as safe mrkdwn, with its literal text when it is literal text (which may be cut).</summary>
    private static (string? Literal, string Mrkdwn) Show(Piece piece, MentionStyle style, IReadOnlyDictionary<string, string>? names) => piece switch
    {
        Literal literal => (literal.Text, Mrkdwn.Escape(literal.Text)),
        UserMention mention when style == MentionStyle.Mentions => (null, Mrkdwn.User(mention.UserId)),
        UserMention mention => (null, Mrkdwn.Escape("@" + NameOf(mention, names))),
        Markup markup => (null, Mrkdwn.Escape(markup.Shown)),
        _ => (null, string.Empty),
    };

    private static string NameOf(UserMention mention, IReadOnlyDictionary<string, string>? names) =>
        names is not null && names.TryGetValue(mention.UserId, out var name) && !string.IsNullOrWhiteSpace(name) && name != mention.UserId
            ? name
            : mention.Label ?? "someone";

    /// <summary>Splits Slack markup into literal text (unescaped) and markup tokens.</summary>
    private static IEnumerable<Piece> Parse(string? slackText)
    {
        var text = slackText ?? string.Empty;
        var at = 0;
        while (at < text.Length)
        {
            var open = text.IndexOf('<', at);
            var close = open < 0 ? -1 : text.IndexOf('>', open + 1);
            if (open < 0 || close < 0)
            {
                yield return new Literal(Mrkdwn.Unescape(text[at..]));
                yield break;
            }

            if (open > at)
            {
                yield return new Literal(Mrkdwn.Unescape(text[at..open]));
            }

            yield return Token(text[(open + 1)..close]);
            at = close + 1;
        }
    }

    private static Piece Token(string inner)
    {
        var bar = inner.IndexOf('|');
        var target = bar < 0 ? inner : inner[..bar];
        var label = bar < 0 ? null : Mrkdwn.Unescape(inner[(bar + 1)..]).Trim();
        label = string.IsNullOrEmpty(label) ? null : label;
        if (target.StartsWith('@') && Mrkdwn.IsUserId(target[1..]))
        {
            return new UserMention(target[1..], label?.TrimStart('@'));
        }

        if (target.StartsWith('#'))
        {
            return new Markup("#" + (label ?? "channel"));
        }

        if (target.StartsWith('!'))
        {
            var command = target[1..];
            return new Markup(command switch
            {
                "channel" or "here" or "everyone" => "@" + command,
                _ when command.StartsWith("subteam^", StringComparison.Ordinal) => label is null ? "@team" : "@" + label.TrimStart('@'),
                _ => label ?? string.Empty, // <!date^…|fallback> shows its fallback
            });
        }

        // A link: its label, or the address itself as text.
        return new Markup(label ?? Mrkdwn.Unescape(target));
    }

    private abstract record Piece;

    private sealed record Literal(string Text) : Piece;

    private sealed record UserMention(string UserId, string? Label) : Piece;

    private sealed record Markup(string Shown) : Piece;
}
