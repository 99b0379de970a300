using System.Text;

namespace Nabla.Fuzz;

/// <summary>
/// Mutations that keep JSON mostly well-formed, so inputs get past the syntax check into the reader's own logic:
/// numbers replaced by boundary values, strings by other field names, dtypes and escapes (lone surrogates
/// included), arrays grown by repeating an element (up to a million times), members deleted or duplicated,
/// values wrapped in deep nesting. Works on bytes through Latin-1, so non-UTF-8 input survives the round trip.
/// </summary>
public static class JsonMutator
{
    private static readonly string[] Numbers =
    [
        "0", "1", "-1", "2", "-0", "00", "01", "1.5", "1e2", "1E400", "-1e-400", "0.0", "1e308", "16", "17",
        "2147483647", "2147483648", "4294967295", "4294967296", "9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "-9223372036854775809", "18446744073709551616", "100000000", "99999999999999999999999999",
    ];

    /// <summary>Escapes as they appear in JSON text: lone and reversed surrogates, a valid pair, invalid escapes.</summary>
    private static readonly string[] Escapes =
    [
        "\\ud800", "\\udc00", "\\ud800\\ud800", "\\udfff\\ud800", "\\ud83d\\ude00", "\\u0000", "\\\"", "\\\\", "\\/", "\\n",
        "\\uZZZZ", "\\x41", "w\\u0",
    ];

    private static readonly string[] Strings =
    [
        "", "F32", "F64", "I64", "F16", "BF16", "BOOL", "U8", "I32", "F8_E4M3", "f32", "__metadata__", "dtype", "shape",
        "data_offsets", "format", "pt", "\u00c3\u00bc" /* ü in UTF-8, seen through Latin-1 */, "\u00ff" /* invalid UTF-8 */,
        "{}", "[0,0]", .. Escapes,
    ];

    private static readonly string[] Values =
    [
        "null", "true", "false", "{}", "[]", "[0]", "[0,0]", "[[]]", "\"\"", "0", "-1", "{\"a\":1}", "[1,2,3]",
        "\"\\ud800\"", "1e999", "[0,4]", "[4,0]", "[0,8]",
    ];

    public static byte[] Mutate(byte[] json, Random random)
    {
        string text = Encoding.Latin1.GetString(json);
        var tokens = Tokenize(text);
        string result = random.Next(9) switch
        {
            0 or 1 => ReplaceNumber(text, tokens, random),
            2 or 3 => ReplaceString(text, tokens, random),
            4 => InsertEscape(text, tokens, random),
            5 => RepeatArrayElement(text, random),
            6 => DeleteOrDuplicateMember(text, tokens, random),
            7 => Nest(text, tokens, random),
            _ => ReplaceValue(text, tokens, random),
        };
        return Encoding.Latin1.GetBytes(result);
    }

    private readonly record struct Token(int Start, int Length, bool IsString);

    /// <summary>Strings (with their quotes) and numbers, by position; a tolerant scan that never fails.</summary>
    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        for (int i = 0; i < text.Length;)
        {
            char c = text[i];
            if (c == '"')
            {
                int j = i + 1;
                while (j < text.Length && text[j] != '"') j += text[j] == '\\' ? 2 : 1;
                j = Math.Min(j + 1, text.Length);
                tokens.Add(new Token(i, j - i, true));
                i = j;
            }
            else if (c == '-' || char.IsAsciiDigit(c))
            {
                int j = i + 1;
                while (j < text.Length && (char.IsAsciiDigit(text[j]) || text[j] is '.' or 'e' or 'E' or '+' or '-')) j++;
                tokens.Add(new Token(i, j - i, false));
                i = j;
            }
            else i++;
        }
        return tokens;
    }

    private static Token? Pick(List<Token> tokens, bool isString, Random random)
    {
        var matching = tokens.Where(t => t.IsString == isString).ToList();
        return matching.Count == 0 ? null : matching[random.Next(matching.Count)];
    }

    private static string Replace(string text, Token t, string with) => string.Concat(text.AsSpan(0, t.Start), with, text.AsSpan(t.Start + t.Length));

    private static string ReplaceNumber(string text, List<Token> tokens, Random random)
    {
        if (Pick(tokens, false, random) is not { } t) return text;
        string with = random.Next(3) == 0 && long.TryParse(text.AsSpan(t.Start, t.Length), out long v)
            ? (v + random.Next(-9, 10)).ToString() // near the old value: off-by-one offsets and sizes
            : Numbers[random.Next(Numbers.Length)];
        return Replace(text, t, with);
    }

    private static string ReplaceString(string text, List<Token> tokens, Random random)
    {
        if (Pick(tokens, true, random) is not { } t) return text;
        return Replace(text, t, "\"" + Strings[random.Next(Strings.Length)] + "\"");
    }

    /// <summary>An escape inside an existing string: where names, dtypes and metadata get decoded.</summary>
    private static string InsertEscape(string text, List<Token> tokens, Random random)
    {
        if (Pick(tokens, true, random) is not { } t || t.Length < 2) return text;
        int at = t.Start + 1 + random.Next(t.Length - 1);
        string escape = Escapes[random.Next(Escapes.Length)];
        return text.Insert(Math.Min(at, t.Start + t.Length - 1), escape);
    }

    /// <summary>Repeats the first element of an array k times: ranks past the limit, millions of dims, long offsets.</summary>
    private static string RepeatArrayElement(string text, Random random)
    {
        var opens = Enumerable.Range(0, text.Length).Where(i => text[i] == '[').ToList();
        if (opens.Count == 0) return text;
        int open = opens[random.Next(opens.Count)];
        int end = open + 1;
        while (end < text.Length && text[end] is not (',' or ']')) end++;
        string element = end > open + 1 ? text[(open + 1)..end] : "1";
        int times = random.Next(20) switch { 0 => random.Next(1, 1_000_000), < 5 => random.Next(1, 1000), _ => random.Next(1, 20) };
        var repeated = new StringBuilder(times * (element.Length + 1));
        for (int i = 0; i < times; i++) repeated.Append(element).Append(',');
        if (end == open + 1) repeated.Length--; // the array was empty: no comma before ']'
        return text.Insert(open + 1, repeated.ToString());
    }

    /// <summary>Deletes or doubles a "key": value pair (a duplicate key, a missing field, a missing tensor).</summary>
    private static string DeleteOrDuplicateMember(string text, List<Token> tokens, Random random)
    {
        var keys = tokens.Where(t => t.IsString && t.Start + t.Length < text.Length && text[t.Start + t.Length] == ':').ToList();
        if (keys.Count == 0) return text;
        var key = keys[random.Next(keys.Count)];
        int end = ValueEnd(text, key.Start + key.Length + 1);
        string member = text[key.Start..end];
        return random.Next(2) == 0
            ? text.Remove(key.Start, end - key.Start + (end < text.Length && text[end] == ',' ? 1 : 0))
            : text.Insert(end, "," + member);
    }

    /// <summary>Wraps a number or string in [ ] or {"k": } up to 40 deep: depth limits and type checks.</summary>
    private static string Nest(string text, List<Token> tokens, Random random)
    {
        if (tokens.Count == 0) return text;
        var t = tokens[random.Next(tokens.Count)];
        int depth = random.Next(1, 40);
        bool array = random.Next(2) == 0;
        string open = string.Concat(Enumerable.Repeat(array ? "[" : "{\"k\":", depth));
        string close = new(array ? ']' : '}', depth);
        return Replace(text, t, open + text.Substring(t.Start, t.Length) + close);
    }

    private static string ReplaceValue(string text, List<Token> tokens, Random random)
    {
        if (tokens.Count == 0) return text;
        var t = tokens[random.Next(tokens.Count)];
        return Replace(text, t, Values[random.Next(Values.Length)]);
    }

    /// <summary>Index just past the JSON value starting at <paramref name="start"/> (brackets balanced, strings skipped).</summary>
    private static int ValueEnd(string text, int start)
    {
        int depth = 0;
        for (int i = start; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '"')
            {
                i++;
                while (i < text.Length && text[i] != '"') i += text[i] == '\\' ? 2 : 1;
            }
            else if (c is '[' or '{') depth++;
            else if (c is ']' or '}')
            {
                if (depth == 0) return i;
                if (--depth == 0) return i + 1;
            }
            else if (c == ',' && depth == 0) return i;
        }
        return text.Length;
    }
}
