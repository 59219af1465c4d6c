using System.Buffers.Binary;

namespace SlackChampionBot.Tests.Support;

internal static class Png
{
    /// <summary>The width and height a PNG says it has (its IHDR chunk), after checking it is a PNG.</summary>
    public static (int Width, int Height) Size(byte[] png)
    {
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
    }
}
