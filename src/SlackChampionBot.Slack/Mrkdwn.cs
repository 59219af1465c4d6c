using System.Text;

namespace SlackChampionBot.Slack;

/// <summary>
/// Makes text safe to put into a Slack mrkdwn field. Slack's control characters are exactly
/// <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c>; with them escaped, no user text can produce <c>&lt;!channel&gt;</c>,
/// a mention or a link the bot did not mean to send (slack-protocol.md §8).
/// </summary>
public static class Mrkdwn
{
    /// <summary>Escapes literal text: <c>&amp;</c> first, then <c>&lt;</c> and <c>&gt;</c>. Nothing else is touched.</summary>
    public static string Escape(string? literal)
    {
        if (string.IsNullOrEmpty(literal))
        {
            return string.Empty;
        }

        if (literal.AsSpan().IndexOfAny('&', '<', '>') < 0)
        {
            return literal;
        }

        var builder = new StringBuilder(literal.Length + 16);
        foreach (var c in literal)
        {
            builder.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    /// <summary>Undoes Slack's own escaping of inbound text (<c>&amp;lt;</c>, <c>&amp;gt;</c>, then <c>&amp;amp;</c>).</summary>
    public static string Unescape(string? slackText)
    {
        if (string.IsNullOrEmpty(slackText))
        {
            return string.Empty;
        }

        return slackText.Replace("&lt;", "<", StringComparison.Ordinal)
            .Replace("&gt;", ">", StringComparison.Ordinal)
            .Replace("&amp;", "&", StringComparison.Ordinal);
    }

    /// <summary>
    /// Text that arrived from Slack (already in Slack markup) made safe to echo: unescape exactly once, then escape.
    /// A real <c>&lt;!channel&gt;</c> in the input comes out as the literal, harmless text <c>&amp;lt;!channel&amp;gt;</c>.
    /// </summary>
    public static string EscapeInbound(string? slackText) => Escape(Unescape(slackText));

    /// <summary>Cuts literal text to at most <paramref name="maxLength"/> characters (with an ellipsis) before it is escaped.</summary>
    public static string Truncate(string? literal, int maxLength)
    {
        if (string.IsNullOrEmpty(literal) || literal.Length <= maxLength)
        {
            return literal ?? string.Empty;
        }

        if (maxLength <= 0)
        {
            return string.Empty;
        }

        var cut = maxLength - 1;
        if (cut > 0 && char.IsHighSurrogate(literal[cut - 1]))
        {
            cut--;
        }

        return string.Concat(literal.AsSpan(0, cut), "…");
    }

    /// <summary>
    /// Escapes literal text and keeps the escaped result within <paramref name="maxLength"/> characters: when it does
    /// not fit, the longest prefix whose escaped form fits with an ellipsis is kept (never half an entity or half a
    /// surrogate pair).
    /// </summary>
    public static string EscapeAndTruncate(string? literal, int maxLength)
    {
        var escaped = Escape(literal);
        if (escaped.Length <= maxLength)
        {
            return escaped;
        }

        if (maxLength <= 0)
        {
            return string.Empty;
        }

        var text = literal!;
        var budget = maxLength - 1;
        var builder = new StringBuilder(maxLength);
        for (var i = 0; i < text.Length; i++)
        {
            var piece = text[i] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                _ when char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) => text.Substring(i, 2),
                _ => text[i].ToString(),
            };
            if (builder.Length + piece.Length > budget)
            {
                break;
            }

            builder.Append(piece);
            i += piece.Length == 2 && char.IsHighSurrogate(piece[0]) ? 1 : 0;
        }

        return builder.Append('…').ToString();
    }

    /// <summary>A mention the bot means to make, from a validated user ID (<c>U…</c> or <c>W…</c>).</summary>
    public static string User(string userId)
    {
        if (!IsUserId(userId))
        {
            throw new ArgumentException($"'{userId}' is not a Slack user ID.", nameof(userId));
        }

        return $"<@{userId}>";
    }

    /// <summary>A link with escaped label; the URL must be http(s).</summary>
    public static string Link(string url, string label)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return Escape(label);
        }

        var safeUrl = url.Replace("|", "%7C", StringComparison.Ordinal).Replace(">", "%3E", StringComparison.Ordinal).Replace("<", "%3C", StringComparison.Ordinal);
        return $"<{safeUrl}|{Escape(label).Replace("|", "¦", StringComparison.Ordinal)}>";
    }

    public static bool IsUserId(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length is >= 2 and <= 32 && (value[0] == 'U' || value[0] == 'W') && value.All(char.IsAsciiLetterOrDigit);
}
