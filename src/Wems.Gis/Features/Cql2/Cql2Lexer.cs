using System.Text;

namespace Wems.Gis.Features.Cql2;

/// <summary>The kinds of cql2-text tokens.</summary>
internal enum TokenKind
{
    End,
    Identifier,
    QuotedIdentifier,
    String,
    Number,
    Wkt,
    LeftParen,
    RightParen,
    Comma,
    Operator,
}

/// <summary>
/// A cql2-text token. <see cref="Text"/> is the identifier, the unescaped string, the number as written, the whole
/// WKT literal or the operator; <see cref="Position"/> and <see cref="Length"/> locate it in the filter.
/// </summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Position, int Length)
{
    /// <summary>Whether this is the unquoted keyword <paramref name="keyword"/> (keywords are case-insensitive).</summary>
    public bool Is(string keyword) => Kind == TokenKind.Identifier && Text.Equals(keyword, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether this is the operator or punctuation <paramref name="symbol"/>.</summary>
    public bool IsSymbol(string symbol) => Kind is TokenKind.Operator or TokenKind.LeftParen or TokenKind.RightParen or TokenKind.Comma
        && Text == symbol;
}

/// <summary>
/// Splits cql2-text into tokens following the CQL2 BNF: identifiers (with ':' and '.'), "quoted identifiers",
/// 'strings' ('' and \' escape a quote), unsigned numbers (a sign is an operator the parser folds into a literal),
/// operators, and WKT geometry literals, which are kept whole for NetTopologySuite's WKT reader.
/// </summary>
internal static class Cql2Lexer
{
    private static readonly HashSet<string> WktKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION",
    };

    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= text.Length)
            {
                tokens.Add(new Token(TokenKind.End, "", text.Length, 0));
                return tokens;
            }

            var start = i;
            var c = text[i];
            Token token;
            if (IsIdentifierStart(c))
            {
                while (i < text.Length && IsIdentifierPart(text[i]))
                {
                    i++;
                }

                var word = text[start..i];
                token = WktKeywords.Contains(word)
                    ? ReadWkt(text, start, ref i)
                    : new Token(TokenKind.Identifier, word, start, i - start);
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                token = ReadNumber(text, ref i);
            }
            else if (c == '\'')
            {
                token = ReadString(text, ref i);
            }
            else if (c == '"')
            {
                token = ReadQuotedIdentifier(text, ref i);
            }
            else
            {
                token = ReadSymbol(text, ref i);
            }

            tokens.Add(token);
        }
    }

    /// <summary>identifierStart of the CQL2 BNF (colon, underscore, letters of most scripts).</summary>
    public static bool IsIdentifierStart(char c) =>
        c is ':' or '_' or (>= 'A' and <= 'Z') or (>= 'a' and <= 'z')
        or (>= '\u00C0' and <= '\u00D6') or (>= '\u00D8' and <= '\u00F6') or (>= '\u00F8' and <= '\u02FF')
        or (>= '\u0370' and <= '\u037D') or (>= '\u037F' and <= '\u1FFE') or '\u200C' or '\u200D'
        or (>= '\u2070' and <= '\u218F') or (>= '\u2C00' and <= '\u2FEF') or (>= '\u3001' and <= '\uD7FF')
        or (>= '\uF900' and <= '\uFDCF') or (>= '\uFDF0' and <= '\uFFFD')
        || char.IsSurrogate(c); // U+10000..U+EFFFF, as surrogate pairs

    /// <summary>identifierPart of the CQL2 BNF: a start character, '.', a digit or a combining mark.</summary>
    public static bool IsIdentifierPart(char c) =>
        IsIdentifierStart(c) || c == '.' || char.IsAsciiDigit(c) || c is (>= '\u0300' and <= '\u036F') or '\u203F' or '\u2040';

    private static Token ReadNumber(string text, ref int i)
    {
        var start = i;
        SkipDigits(text, ref i);
        if (i < text.Length && text[i] == '.')
        {
            i++;
            SkipDigits(text, ref i);
        }

        // An exponent only when digits follow, so that "5e" stays a number and an identifier.
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            var j = i + 1;
            if (j < text.Length && text[j] is '+' or '-')
            {
                j++;
            }

            if (j < text.Length && char.IsAsciiDigit(text[j]))
            {
                i = j;
                SkipDigits(text, ref i);
            }
        }

        return new Token(TokenKind.Number, text[start..i], start, i - start);
    }

    private static void SkipDigits(string text, ref int i)
    {
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }
    }

    private static Token ReadString(string text, ref int i)
    {
        var start = i++;
        var value = new StringBuilder();
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\'' && i + 1 < text.Length && text[i + 1] == '\'')
            {
                value.Append('\'');
                i += 2;
            }
            else if (c == '\\' && i + 1 < text.Length && text[i + 1] == '\'')
            {
                value.Append('\'');
                i += 2;
            }
            else if (c == '\'')
            {
                i++;
                return new Token(TokenKind.String, value.ToString(), start, i - start);
            }
            else
            {
                value.Append(c);
                i++;
            }
        }

        throw Cql2Exception.InText(text, start, "the string that starts here is not closed; end it with ' (write '' for a quote inside it)");
    }

    private static Token ReadQuotedIdentifier(string text, ref int i)
    {
        var start = i++;
        var name = new StringBuilder();
        while (i < text.Length)
        {
            if (text[i] == '"' && i + 1 < text.Length && text[i + 1] == '"')
            {
                name.Append('"');
                i += 2;
            }
            else if (text[i] == '"')
            {
                i++;
                if (name.Length == 0)
                {
                    throw Cql2Exception.InText(text, start, "\"\" is an empty property name");
                }

                return new Token(TokenKind.QuotedIdentifier, name.ToString(), start, i - start);
            }
            else
            {
                name.Append(text[i++]);
            }
        }

        throw Cql2Exception.InText(text, start,
            "the quoted property name that starts here is not closed; end it with \" (strings take single quotes: 'text')");
    }

    private static Token ReadSymbol(string text, ref int i)
    {
        var start = i;
        var c = text[i];
        var next = i + 1 < text.Length ? text[i + 1] : '\0';
        var symbol = (c, next) switch
        {
            ('<', '>') or ('<', '=') or ('>', '=') => new string([c, next]),
            ('(' or ')' or ',' or '=' or '<' or '>' or '+' or '-' or '*' or '/' or '%' or '^', _) => c.ToString(),
            ('!', '=') => throw Cql2Exception.InText(text, start, "unexpected '!='; CQL2 writes 'not equal' as <>"),
            _ => throw Cql2Exception.InText(text, start, $"unexpected character '{c}'"),
        };
        i += symbol.Length;
        var kind = symbol switch
        {
            "(" => TokenKind.LeftParen,
            ")" => TokenKind.RightParen,
            "," => TokenKind.Comma,
            _ => TokenKind.Operator,
        };
        return new Token(kind, symbol, start, symbol.Length);
    }

    /// <summary>
    /// The WKT literal starting with the keyword that ends at <paramref name="i"/>: an optional Z, M or ZM, then
    /// EMPTY or a balanced parenthesised coordinate list.
    /// </summary>
    private static Token ReadWkt(string text, int start, ref int i)
    {
        var keyword = text[start..i].ToUpperInvariant();
        var j = SkipWhiteSpace(text, i);
        var wordEnd = j;
        while (wordEnd < text.Length && char.IsAsciiLetter(text[wordEnd]))
        {
            wordEnd++;
        }

        var word = text[j..wordEnd].ToUpperInvariant();
        var dimension = word is "Z" or "M" or "ZM" ? word : null;
        if (dimension is not null)
        {
            j = SkipWhiteSpace(text, wordEnd);
            wordEnd = j;
            while (wordEnd < text.Length && char.IsAsciiLetter(text[wordEnd]))
            {
                wordEnd++;
            }

            word = text[j..wordEnd].ToUpperInvariant();
        }

        if (word == "EMPTY")
        {
            i = wordEnd;
            return new Token(TokenKind.Wkt, text[start..i], start, i - start);
        }

        if ((j >= text.Length || text[j] != '(') && dimension is null)
        {
            // Not followed by coordinates: a property that happens to be named like a geometry type.
            return new Token(TokenKind.Identifier, text[start..i], start, i - start);
        }

        if (j >= text.Length || text[j] != '(')
        {
            throw Cql2Exception.InText(text, j,
                $"expected '(' and coordinates after {keyword} {dimension}, e.g. POINT Z(36.82 -1.29 1650)");
        }

        var depth = 0;
        for (; j < text.Length; j++)
        {
            if (text[j] == '(')
            {
                depth++;
            }
            else if (text[j] == ')' && --depth == 0)
            {
                i = j + 1;
                return new Token(TokenKind.Wkt, text[start..i], start, i - start);
            }
        }

        throw Cql2Exception.InText(text, start, $"this {keyword} is missing a closing ')'");
    }

    private static int SkipWhiteSpace(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }
}
