using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace SlackChampionBot.Slack.Http;

/// <summary>Why a request's signature was accepted or refused.</summary>
internal enum SlackSignatureResult
{
    Valid,
    MissingHeaders,
    InvalidTimestamp,
    Stale,
    Mismatch,
}

/// <summary>
/// Slack's v0 request signing (slack-protocol.md §1): <c>v0=</c> + lower-case hex HMAC-SHA256 over
/// <c>v0:{timestamp}:{raw body}</c>, keyed with the signing secret, compared in constant time; the timestamp must be
/// within the tolerance either way (|now − ts| ≤ 300 s, the symmetric rule).
/// </summary>
internal static class SlackSignature
{
    public const string TimestampHeader = "X-Slack-Request-Timestamp";
    public const string SignatureHeader = "X-Slack-Signature";

    // "v0=" + 64 hex digits.
    private const int SignatureLength = 3 + (SHA256.HashSizeInBytes * 2);

    // "v0:" + at most 20 digits of a long + ":".
    private const int MaxPrefixLength = 3 + 20 + 1;

    /// <summary>Checks a request. Throws <see cref="InvalidOperationException"/> when the secret is empty (a configuration error).</summary>
    public static SlackSignatureResult Verify(
        string signingSecret,
        ReadOnlySpan<byte> body,
        string? timestampHeader,
        string? signatureHeader,
        DateTimeOffset now,
        TimeSpan tolerance)
    {
        if (string.IsNullOrEmpty(signingSecret))
        {
            throw new InvalidOperationException("The Slack signing secret is empty; set Slack:SigningSecret.");
        }

        if (string.IsNullOrEmpty(timestampHeader) || string.IsNullOrEmpty(signatureHeader))
        {
            return SlackSignatureResult.MissingHeaders;
        }

        if (!TryParseTimestamp(timestampHeader, out var timestamp))
        {
            return SlackSignatureResult.InvalidTimestamp;
        }

        // |now − ts| ≤ tolerance, computed without overflow for absurd timestamps.
        var nowSeconds = now.ToUnixTimeSeconds();
        var toleranceSeconds = (long)tolerance.TotalSeconds;
        if (timestamp < nowSeconds - toleranceSeconds || timestamp > nowSeconds + toleranceSeconds)
        {
            return SlackSignatureResult.Stale;
        }

        if (signatureHeader.Length != SignatureLength)
        {
            return SlackSignatureResult.Mismatch;
        }

        Span<byte> expected = stackalloc byte[SignatureLength];
        Compute(signingSecret, timestampHeader, body, expected);

        Span<byte> given = stackalloc byte[SignatureLength];
        for (var i = 0; i < SignatureLength; i++)
        {
            var c = signatureHeader[i];
            given[i] = c < 128 ? (byte)c : (byte)0;
        }

        return CryptographicOperations.FixedTimeEquals(expected, given) ? SlackSignatureResult.Valid : SlackSignatureResult.Mismatch;
    }

    /// <summary>The <c>X-Slack-Signature</c> value for a body (used by tests and the load harness to sign requests).</summary>
    public static string Sign(string signingSecret, string timestamp, ReadOnlySpan<byte> body)
    {
        Span<byte> signature = stackalloc byte[SignatureLength];
        Compute(signingSecret, timestamp, body, signature);
        return Encoding.ASCII.GetString(signature);
    }

    private static void Compute(string signingSecret, string timestamp, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        var prefixLength = 3 + timestamp.Length + 1;
        var total = prefixLength + body.Length;
        var rented = ArrayPool<byte>.Shared.Rent(total);
        try
        {
            var message = rented.AsSpan(0, total);
            "v0:"u8.CopyTo(message);
            Encoding.ASCII.GetBytes(timestamp, message[3..]);
            message[prefixLength - 1] = (byte)':';
            body.CopyTo(message[prefixLength..]);

            Span<byte> key = signingSecret.Length <= 256 ? stackalloc byte[Encoding.UTF8.GetMaxByteCount(signingSecret.Length)] : new byte[Encoding.UTF8.GetMaxByteCount(signingSecret.Length)];
            var keyLength = Encoding.UTF8.GetBytes(signingSecret, key);

            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            HMACSHA256.HashData(key[..keyLength], message, hash);
            CryptographicOperations.ZeroMemory(key);

            "v0="u8.CopyTo(destination);
            const string hex = "0123456789abcdef";
            for (var i = 0; i < hash.Length; i++)
            {
                destination[3 + (i * 2)] = (byte)hex[hash[i] >> 4];
                destination[4 + (i * 2)] = (byte)hex[hash[i] & 0xF];
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Plain decimal digits only (no sign, no spaces, no exponent), at most 19 of them.</summary>
    private static bool TryParseTimestamp(string header, out long timestamp)
    {
        timestamp = 0;
        if (header.Length is 0 or > MaxPrefixLength - 5)
        {
            return false;
        }

        foreach (var c in header)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        Span<byte> ascii = stackalloc byte[header.Length];
        Encoding.ASCII.GetBytes(header, ascii);
        return Utf8Parser.TryParse(ascii, out timestamp, out var consumed) && consumed == ascii.Length;
    }
}
