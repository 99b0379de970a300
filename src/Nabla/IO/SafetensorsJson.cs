using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Nabla.IO;

/// <summary>
/// Token-level helpers for reading the safetensors header with <see cref="Utf8JsonReader"/>: a streaming reader
/// allocates nothing per token (a JsonDocument costs ~12 bytes of index per token, 2.5 GB for a 98 MB header of
/// ones), so parsing allocates only the strings and shapes it returns.
/// </summary>
internal static class SafetensorsJson
{
    /// <summary>Longest piece of file text quoted in an error message; hostile files can have 100 MB names.</summary>
    private const int MaxQuotedChars = 80;

    /// <summary>Moves to the next token. The header is one complete buffer, so the reader throws JsonException on
    /// truncated JSON rather than returning false; the check only guards that contract.</summary>
    public static JsonTokenType Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read()) throw new JsonException("The JSON ends early.");
        return reader.TokenType;
    }

    /// <summary>
    /// The current string or property name. JSON may escape a lone UTF-16 surrogate (<c>"\ud800"</c>), which no
    /// .NET string can decode (GetString throws InvalidOperationException); the reference reader rejects it too.
    /// <paramref name="what"/> names the text for the error; its "{0}" stands for <paramref name="subject"/>, so a
    /// valid string costs no message.
    /// </summary>
    public static string ReadString(ref Utf8JsonReader reader, string what, string file, string subject = "")
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw LoneSurrogate(string.Format(CultureInfo.InvariantCulture, what, Quote(subject)), file, e);
        }
    }

    /// <summary>The error for text that escapes a lone surrogate; <paramref name="what"/> says which text.</summary>
    public static SafetensorsException LoneSurrogate(string what, string file, Exception inner) =>
        new(file, $"{what} is not valid text: it escapes a lone UTF-16 surrogate (such as \\ud800 without its pair).", inner);

    /// <summary>The kind of value a token starts, spelled as JsonValueKind spells it ("Array", "String" ...).</summary>
    public static string Kind(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "Object",
        JsonTokenType.StartArray => "Array",
        JsonTokenType.String => "String",
        JsonTokenType.Number => "Number",
        JsonTokenType.True => "True",
        JsonTokenType.False => "False",
        JsonTokenType.Null => "Null",
        _ => token.ToString(),
    };

    /// <summary>
    /// The file's text of the value starting at the reader's current token (a whole array or object when it starts
    /// one), shortened for an error message. The reader is passed by value, so the caller's position is kept.
    /// </summary>
    public static string RawText(Utf8JsonReader reader, byte[] header)
    {
        long start = reader.TokenStartIndex;
        reader.Skip();
        int length = (int)(reader.BytesConsumed - start);
        // Decode at most a few bytes more than will be shown: the value may be the whole 100 MB header.
        string text = Encoding.UTF8.GetString(header, (int)start, Math.Min(length, 4 * MaxQuotedChars));
        return text.Length > MaxQuotedChars || length > 4 * MaxQuotedChars ? Shorten(text, $"{length} bytes") : text;
    }

    /// <summary>A name or value as an error message quotes it: whole when short, else its start and its length.</summary>
    public static string Quote(string text) => text.Length <= MaxQuotedChars ? text : Shorten(text, $"{text.Length} chars");

    private static string Shorten(string text, string size) => $"{text[..(MaxQuotedChars - 20)]}…({size})";
}
