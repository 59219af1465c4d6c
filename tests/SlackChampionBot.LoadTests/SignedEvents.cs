using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SlackChampionBot.LoadTests;

/// <summary>One prepared request: the exact body bytes Slack would send, its v0 signature and retry number.</summary>
internal sealed record SignedEvent(string EventId, byte[] Body, string Timestamp, string Signature, int RetryNum);

/// <summary>
/// Builds realistic Events API <c>message</c> callbacks (~600 bytes) in channel C0LOAD and signs them the way Slack
/// does (v0, HMAC-SHA256 over <c>v0:{ts}:{body}</c>). Signing is reimplemented here on purpose, so the harness checks
/// the bot against Slack's rule rather than against the bot's own code.
/// </summary>
internal static class SignedEvents
{
    private const string Channel = "C0LOAD";

    private static readonly string[] Words =
    [
        "shipped", "the", "release", "fixed", "flaky", "build", "pairing", "with", "customer", "call", "went", "well",
        "migrated", "dashboard", "onboarding", "docs", "thanks", "team", "for", "review", "latency", "dropped", "today",
    ];

    /// <summary>
    /// <paramref name="count"/> unique events with ids <c>{prefix}{n}</c>; when <paramref name="retryEvery"/> &gt; 0,
    /// every n-th one is followed by its redelivery (same body and event_id, <c>X-Slack-Retry-Num: 1</c>).
    /// </summary>
    public static List<SignedEvent> Create(string secret, string prefix, int count, int retryEvery, long unixNow)
    {
        var key = Encoding.UTF8.GetBytes(secret);
        var timestamp = unixNow.ToString(CultureInfo.InvariantCulture);
        var list = new List<SignedEvent>(count + (retryEvery > 0 ? count / retryEvery : 0));
        var random = new Random(4242);
        for (var i = 0; i < count; i++)
        {
            var eventId = $"{prefix}{i:D6}";
            var body = Encoding.UTF8.GetBytes(Body(eventId, i, unixNow, random));
            var signature = Sign(key, timestamp, body);
            list.Add(new SignedEvent(eventId, body, timestamp, signature, 0));
            if (retryEvery > 0 && (i + 1) % retryEvery == 0)
            {
                list.Add(new SignedEvent(eventId, body, timestamp, signature, 1));
            }
        }

        return list;
    }

    public static string Sign(byte[] key, string timestamp, byte[] body)
    {
        var prefix = Encoding.ASCII.GetBytes($"v0:{timestamp}:");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message, prefix.Length);
        return "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, message));
    }

    private static string Body(string eventId, int n, long unixNow, Random random)
    {
        var user = $"U{100000 + (n % 500):D6}";
        var text = new StringBuilder();
        while (text.Length < 120)
        {
            text.Append(Words[random.Next(Words.Length)]).Append(' ');
        }

        var ts = $"{unixNow}.{n:D6}";
        var clientMsgId = new Guid(random.Next(), (short)n, (short)(n >> 16), 1, 2, 3, 4, 5, 6, 7, 8).ToString();
        return $$"""
            {"token":"XXYYZZ0LOADTOKEN","team_id":"T0LOAD","context_team_id":"T0LOAD","api_app_id":"A0LOAD","event":{"type":"message","channel":"{{Channel}}","user":"{{user}}","text":"{{text.ToString().TrimEnd()}}","ts":"{{ts}}","client_msg_id":"{{clientMsgId}}","team":"T0LOAD","channel_type":"channel","event_ts":"{{ts}}","blocks":[{"type":"rich_text","block_id":"b{{n % 1000:D3}}","elements":[]}]},"type":"event_callback","event_id":"{{eventId}}","event_time":{{unixNow}},"authorizations":[{"enterprise_id":null,"team_id":"T0LOAD","user_id":"U0BOT","is_bot":true,"is_enterprise_install":false}],"is_ext_shared_channel":false,"event_context":"4-eyJldCI6Im1lc3NhZ2UiLCJ0aWQiOiJUMExPQUQiLCJhaWQiOiJBMExPQUQiLCJjaWQiOiJDMExPQUQifQ"}
            """;
    }
}

/// <summary>
/// Signed events made on the fly for a run of unknown length: one body is built in <see cref="SignedEvents"/>' shape,
/// then for event n its event_id and ts digits are written into a copy at fixed offsets and the copy is signed.
/// Costs the load generator a copy and one HMAC per event (~2 µs), not a body built from strings.
/// </summary>
internal sealed class SignedEventStream
{
    private const int IdDigits = 9;
    private const int TsDigits = 6;

    private readonly byte[] _key;
    private readonly string _timestamp;
    private readonly string _prefix;
    private readonly byte[] _template;
    private readonly int _idSlot;
    private readonly int[] _tsSlots;

    public SignedEventStream(string secret, string prefix, long unixNow)
    {
        _key = Encoding.UTF8.GetBytes(secret);
        _timestamp = unixNow.ToString(CultureInfo.InvariantCulture);
        _prefix = prefix;
        var idMarker = prefix + new string('9', IdDigits);
        var tsMarker = $"{unixNow}.{new string('8', TsDigits)}";
        var text = Encoding.UTF8.GetString(SignedEvents.Create(secret, prefix + "_", 1, 0, unixNow)[0].Body)
            .Replace(prefix + "_000000", idMarker, StringComparison.Ordinal)
            .Replace($"{unixNow}.000000", tsMarker, StringComparison.Ordinal);
        _template = Encoding.UTF8.GetBytes(text);
        _idSlot = text.IndexOf(idMarker, StringComparison.Ordinal) + prefix.Length;
        var tsSlots = new List<int>();
        for (var at = text.IndexOf(tsMarker, StringComparison.Ordinal); at >= 0; at = text.IndexOf(tsMarker, at + 1, StringComparison.Ordinal))
        {
            tsSlots.Add(at + tsMarker.Length - TsDigits);
        }

        _tsSlots = [.. tsSlots];
        if (_idSlot < prefix.Length || _tsSlots.Length == 0 || text.Length != _template.Length)
        {
            throw new InvalidOperationException("The event template has no id or ts to vary (or is not ASCII).");
        }
    }

    public string EventId(long n) => _prefix + n.ToString(CultureInfo.InvariantCulture).PadLeft(IdDigits, '0');

    /// <summary>Event number <paramref name="n"/> (0 ≤ n &lt; 10⁹) as delivery <paramref name="retryNum"/> (0: the first).</summary>
    public SignedEvent Create(long n, int retryNum)
    {
        var body = (byte[])_template.Clone();
        WriteDigits(body.AsSpan(_idSlot, IdDigits), n);
        foreach (var slot in _tsSlots)
        {
            WriteDigits(body.AsSpan(slot, TsDigits), n % 1_000_000);
        }

        return new SignedEvent(EventId(n), body, _timestamp, SignedEvents.Sign(_key, _timestamp, body), retryNum);
    }

    private static void WriteDigits(Span<byte> slot, long value)
    {
        for (var i = slot.Length - 1; i >= 0; i--, value /= 10)
        {
            slot[i] = (byte)('0' + (value % 10));
        }
    }
}
