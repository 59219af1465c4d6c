using System.Text;
using SlackChampionBot.Slack.Http;

namespace SlackChampionBot.Slack.Tests.Http;

public sealed class SlackSignatureTests
{
    // Slack's documented vector (slack-protocol.md §1).
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string Timestamp = "1531420618";
    private const string DocBody = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private const string DocSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(1531420618);
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    private static SlackSignatureResult Verify(string body, string? timestamp = Timestamp, string? signature = DocSignature, DateTimeOffset? now = null) =>
        SlackSignature.Verify(Secret, Encoding.UTF8.GetBytes(body), timestamp, signature, now ?? At, Tolerance);

    [Fact]
    public void Verify_DocumentedVector_IsValid()
    {
        Assert.Equal(362, Encoding.UTF8.GetByteCount(DocBody));
        Assert.Equal(SlackSignatureResult.Valid, Verify(DocBody));
    }

    [Fact]
    public void Sign_DocumentedVector_ProducesDocumentedSignature() =>
        Assert.Equal(DocSignature, SlackSignature.Sign(Secret, Timestamp, Encoding.UTF8.GetBytes(DocBody)));

    [Theory]
    [InlineData("{\"token\":\"Jhj5dZrVaK7ZwHHjRyZWjbDl\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\",\"type\":\"url_verification\"}", "v0=f9bd80929259f3f6d5fe3a3186c453c89cd1ad4862815a15837584f31c993652")]
    [InlineData("{\"type\":\"event_callback\",\"event\":{\"type\":\"message\",\"text\":\"Grüße 👋 & <b>\"}}", "v0=2ba66bf9097d03c0fca4e5045f6ac50aca828dcbd63b6246f4fe5239be58cea8")]
    [InlineData("", "v0=55f41ec73231010289b54e669149ea021fccab11b5524355523533ce930cb739")]
    public void Verify_ProtocolDocVectors_AreValid(string body, string signature) =>
        Assert.Equal(SlackSignatureResult.Valid, Verify(body, signature: signature));

    [Fact]
    public void Verify_OneBodyByteChanged_IsMismatch()
    {
        var bytes = Encoding.UTF8.GetBytes(DocBody);
        for (var i = 0; i < bytes.Length; i += 37)
        {
            var tampered = (byte[])bytes.Clone();
            tampered[i] ^= 0x01;
            Assert.Equal(SlackSignatureResult.Mismatch, SlackSignature.Verify(Secret, tampered, Timestamp, DocSignature, At, Tolerance));
        }
    }

    [Fact]
    public void Verify_BodyWithExtraByte_IsMismatch() => Assert.Equal(SlackSignatureResult.Mismatch, Verify(DocBody + "x"));

    [Fact]
    public void Verify_TimestampHeaderChanged_IsMismatch() => Assert.Equal(SlackSignatureResult.Mismatch, Verify(DocBody, timestamp: "1531420619"));

    [Fact]
    public void Verify_EverySignatureCharChanged_IsMismatch()
    {
        for (var i = 3; i < DocSignature.Length; i++)
        {
            var chars = DocSignature.ToCharArray();
            chars[i] = chars[i] == '0' ? '1' : '0';
            Assert.Equal(SlackSignatureResult.Mismatch, Verify(DocBody, signature: new string(chars)));
        }
    }

    [Fact]
    public void Verify_UpperCaseHex_IsMismatch() =>
        Assert.Equal(SlackSignatureResult.Mismatch, Verify(DocBody, signature: "v0=" + DocSignature[3..].ToUpperInvariant()));

    [Fact]
    public void Verify_VersionV1_IsMismatch() =>
        Assert.Equal(SlackSignatureResult.Mismatch, Verify(DocBody, signature: "v1=" + DocSignature[3..]));

    [Theory]
    [InlineData("")]
    [InlineData("v0=")]
    [InlineData("v0=a2114d57")]
    [InlineData("a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    public void Verify_TruncatedOrUnprefixedSignature_IsRefused(string signature) =>
        Assert.NotEqual(SlackSignatureResult.Valid, Verify(DocBody, signature: signature));

    [Fact]
    public void Verify_NonAsciiSignature_IsMismatch() =>
        Assert.Equal(SlackSignatureResult.Mismatch, Verify(DocBody, signature: "v0=ä" + DocSignature[4..]));

    [Fact]
    public void Verify_MissingTimestamp_IsMissingHeaders() => Assert.Equal(SlackSignatureResult.MissingHeaders, Verify(DocBody, timestamp: null));

    [Fact]
    public void Verify_MissingSignature_IsMissingHeaders() => Assert.Equal(SlackSignatureResult.MissingHeaders, Verify(DocBody, signature: null));

    [Theory]
    [InlineData("abc")]
    [InlineData("1531420618.5")]
    [InlineData("-1531420618")]
    [InlineData(" 1531420618")]
    [InlineData("+1531420618")]
    [InlineData("99999999999999999999999")]
    public void Verify_NonNumericTimestamp_IsInvalidTimestamp(string timestamp) =>
        Assert.Equal(SlackSignatureResult.InvalidTimestamp, Verify(DocBody, timestamp: timestamp));

    [Fact]
    public void Verify_301SecondsOld_IsStale() => Assert.Equal(SlackSignatureResult.Stale, Verify(DocBody, now: At.AddSeconds(301)));

    [Fact]
    public void Verify_300SecondsOld_IsValid() => Assert.Equal(SlackSignatureResult.Valid, Verify(DocBody, now: At.AddSeconds(300)));

    [Fact]
    public void Verify_300SecondsAhead_IsValid() => Assert.Equal(SlackSignatureResult.Valid, Verify(DocBody, now: At.AddSeconds(-300)));

    [Fact]
    public void Verify_FarFuture_IsStale() => Assert.Equal(SlackSignatureResult.Stale, Verify(DocBody, now: At.AddHours(-1)));

    [Fact]
    public void Verify_HugeTimestamp_IsStaleWithoutOverflow() =>
        Assert.Equal(SlackSignatureResult.Stale, Verify(DocBody, timestamp: "9223372036854775807"));

    [Fact]
    public void Verify_WrongSecret_IsMismatch() =>
        Assert.Equal(SlackSignatureResult.Mismatch, SlackSignature.Verify("another-secret", Encoding.UTF8.GetBytes(DocBody), Timestamp, DocSignature, At, Tolerance));

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void Verify_EmptySecret_ThrowsConfigurationError(string? secret) =>
        Assert.Throws<InvalidOperationException>(() => SlackSignature.Verify(secret!, Encoding.UTF8.GetBytes(DocBody), Timestamp, DocSignature, At, Tolerance));
}
