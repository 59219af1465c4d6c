using System.Security.Cryptography;

namespace SlackChampionBot.Features.People;

/// <summary>
/// The pseudonym a person erased with <c>/stars forget</c> leaves in the rows that stay (the ledger, credits, titles):
/// <c>UERASED</c> and 14 random characters, drawn once per erasure and recorded nowhere next to the Slack ID it
/// replaces, so nothing in the database (or its backups taken afterwards) can turn it back into a person. (A keyed hash
/// of the ID would let anyone holding the file and the key test a guess.) It has the shape of a Slack user ID on
/// purpose: every view that shows a person keeps working, and Slack knows no such user, so it can be neither pinged nor
/// looked up; the directory shows it as "a former colleague".
/// </summary>
internal static class ErasedPeople
{
    public const string Prefix = "UERASED";

    public const string DisplayName = "a former colleague";

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static string NewPseudonym() => Prefix + RandomNumberGenerator.GetString(Alphabet, 14);

    public static bool IsPseudonym(string? userId) => userId is not null && userId.StartsWith(Prefix, StringComparison.Ordinal);
}
