using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace GovData.Functions.Tests.Infra;

/// <summary>
/// A compiled ARM template (the output of <c>bicep build</c>) with a small, static evaluator for
/// the template-language expressions Bicep emits, so the tests can assert on real values
/// (container names produced by copy loops, the database name passed into a module, where an app
/// setting's value comes from) instead of on expression text.
/// </summary>
/// <remarks>
/// Only what can be known before deployment is evaluated: literals, <c>parameters()</c> (through
/// module parameters up to the root template), <c>variables()</c>, <c>copyIndex()</c>,
/// <c>format</c>, <c>concat</c>, <c>length</c>, <c>toLower</c>, <c>toUpper</c>, <c>take</c>, and
/// module outputs (<c>reference(resourceId('Microsoft.Resources/deployments', ...)).outputs.x.value</c>
/// is followed into the module). Everything else — root parameters, <c>reference()</c> to real
/// resources, <c>environment()</c>, <c>uniqueString()</c>, <c>resourceId()</c>... — becomes a
/// <see cref="Symbolic"/> value carrying a canonical rendering of the expression, e.g.
/// <c>reference(resourceId(Microsoft.Storage/storageAccounts, ...)).primaryEndpoints.blob</c>.
/// Inside strings, symbolic parts are rendered between « and ».
/// </remarks>
internal sealed class ArmTemplate
{
    private ArmTemplate(Scope root) => RootScope = root;

    public Scope RootScope { get; }

    public JsonObject Root => RootScope.Template;

    public static ArmTemplate Parse(string json)
    {
        var node = JsonNode.Parse(json) as JsonObject
            ?? throw new FormatException("The compiled template is not a JSON object.");
        return new ArmTemplate(new Scope(node, parent: null, deployment: null));
    }

    /// <summary>Every resource in the template and in nested (module) templates; copy loops are expanded.</summary>
    public IReadOnlyList<ResourceInstance> Resources() => Expand(RootScope).ToList();

    public IReadOnlyList<ResourceInstance> Resources(string type) =>
        Resources().Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase)).ToList();

    private static IEnumerable<ResourceInstance> Expand(Scope scope)
    {
        foreach (var resource in scope.ResourceNodes())
        {
            var copy = resource["copy"] as JsonObject;
            if (copy is null)
            {
                yield return new ResourceInstance(resource, scope, null);
            }
            else
            {
                var count = Convert.ToInt32(new Evaluator(scope, null).Resolve(copy["count"]), CultureInfo.InvariantCulture);
                for (var i = 0; i < count; i++)
                {
                    yield return new ResourceInstance(resource, scope, i);
                }
            }

            if (IsDeployment(resource) && resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in Expand(new Scope(nested, scope, resource)))
                {
                    yield return inner;
                }
            }
        }
    }

    private static bool IsDeployment(JsonObject resource) =>
        string.Equals((string?)resource["type"], "Microsoft.Resources/deployments", StringComparison.OrdinalIgnoreCase);

    /// <summary>One template (the root or a module's) and how it was called.</summary>
    internal sealed class Scope
    {
        public Scope(JsonObject template, Scope? parent, JsonObject? deployment)
        {
            Template = template;
            Parent = parent;
            Deployment = deployment;
        }

        public JsonObject Template { get; }

        public Scope? Parent { get; }

        /// <summary>The Microsoft.Resources/deployments resource that runs this template (null for the root).</summary>
        public JsonObject? Deployment { get; }

        public IEnumerable<JsonObject> ResourceNodes() => Template["resources"] switch
        {
            JsonArray array => array.OfType<JsonObject>(),
            JsonObject symbolic => symbolic.Select(p => p.Value).OfType<JsonObject>(), // languageVersion 2.0
            _ => [],
        };

        public Scope NestedDeployment(string name)
        {
            foreach (var resource in ResourceNodes().Where(IsDeployment))
            {
                if (new Evaluator(this, null).Resolve(resource["name"]) is string n && n == name
                    && resource["properties"]?["template"] is JsonObject nested)
                {
                    return new Scope(nested, this, resource);
                }
            }

            throw new KeyNotFoundException($"No module deployment named '{name}'.");
        }
    }

    /// <summary>A resource (one iteration of a copy loop) and the scope to evaluate it in.</summary>
    internal sealed record ResourceInstance(JsonObject Node, Scope Scope, int? CopyIndex)
    {
        public string Type => (string?)Node["type"] ?? "";

        /// <summary>The evaluated full name, e.g. "st...«...»/default/incoming".</summary>
        public string Name => Evaluate("name") as string ?? throw new InvalidOperationException($"Name of {Type} is not a string.");

        /// <summary>The last segment of the name: the child resource's own name.</summary>
        public string ShortName => Name.Split('/')[^1];

        /// <summary>Evaluates the property at a dotted path, e.g. "properties.resource.partitionKey.paths".</summary>
        public object? Evaluate(string path)
        {
            JsonNode? node = Node;
            foreach (var segment in path.Split('.'))
            {
                node = node switch
                {
                    JsonObject o => o[segment],
                    JsonArray a when int.TryParse(segment, out var i) => a[i],
                    _ => null,
                };
            }

            return new Evaluator(Scope, CopyIndex).Resolve(node);
        }

        /// <summary>Evaluates a template-language string (e.g. an object key) in this resource's scope.</summary>
        public object? EvaluateExpression(string raw) => new Evaluator(Scope, CopyIndex).Resolve(JsonValue.Create(raw));

        /// <summary>The property at a path as a fully evaluated plain value (objects and arrays included).</summary>
        public object? EvaluateDeep(string path) => Deep(Evaluate(path));

        private static object? Deep(object? value) => value switch
        {
            LazyNode { Node: JsonArray a } lazy => a.Select(n => Deep(lazy.Evaluator.Resolve(n))).ToList(),
            LazyNode { Node: JsonObject o } lazy => o.ToDictionary(p => p.Key, p => Deep(lazy.Evaluator.Resolve(p.Value))),
            _ => value,
        };
    }

    /// <summary>A value only known at deployment time; <see cref="Text"/> is its canonical rendering.</summary>
    internal sealed record Symbolic(string Text)
    {
        public override string ToString() => Text;
    }

    /// <summary>A JSON object or array from the template whose leaves are evaluated on access.</summary>
    internal sealed record LazyNode(JsonNode Node, Evaluator Evaluator);

    /// <summary>The outputs of a module deployment, reached through reference(...).outputs.</summary>
    private sealed record ModuleReference(Scope Module, bool Outputs);

    private sealed record ModuleOutput(Scope Module, string Name);

    internal sealed class Evaluator(Scope scope, int? copyIndex)
    {
        public object? Resolve(JsonNode? node) => node switch
        {
            null => null,
            JsonValue v when v.TryGetValue<string>(out var s) => EvaluateString(s),
            JsonValue v when v.TryGetValue<bool>(out var b) => b,
            JsonValue v when v.TryGetValue<long>(out var l) => l,
            JsonValue v when v.TryGetValue<double>(out var d) => d,
            JsonObject or JsonArray => new LazyNode(node, this),
            _ => node.ToJsonString(),
        };

        private object? EvaluateString(string s)
        {
            if (s.StartsWith("[[", StringComparison.Ordinal))
            {
                return s[1..]; // escaped literal
            }

            if (s.Length >= 2 && s[0] == '[' && s[^1] == ']')
            {
                var parser = new Parser(s[1..^1]);
                var expression = parser.ParseExpression();
                parser.ExpectEnd();
                return Evaluate(expression);
            }

            return s;
        }

        private object? Evaluate(Expr expr) => expr switch
        {
            LiteralExpr l => l.Value,
            CallExpr c => Call(c),
            MemberExpr m => Member(Evaluate(m.Target), m.Name),
            IndexExpr i => IndexInto(Evaluate(i.Target), Evaluate(i.Key)),
            _ => throw new NotSupportedException(expr.GetType().Name),
        };

        private object? Call(CallExpr c)
        {
            var name = c.Name.ToLowerInvariant();
            var args = c.Args.Select(Evaluate).ToList();
            switch (name)
            {
                case "parameters":
                    return Parameter((string)args[0]!);
                case "variables":
                    return Resolve(scope.Template["variables"]?[(string)args[0]!]
                        ?? throw new KeyNotFoundException($"No variable '{args[0]}'."));
                case "copyindex":
                    if (copyIndex is null)
                    {
                        throw new InvalidOperationException("copyIndex() outside a copy loop.");
                    }

                    return (long)copyIndex.Value + (args.Count > 0 && args[^1] is long offset ? offset : 0);
                case "format":
                    return Format(Render(args[0]), args.Skip(1).ToList());
                case "concat" when args.All(a => a is LazyNode { Node: JsonArray }):
                    return args.Cast<LazyNode>().SelectMany(a => ((JsonArray)a.Node).Select(n => a.Evaluator.Resolve(n))).ToList();
                case "concat":
                    return string.Concat(args.Select(Render));
                case "length":
                    return args[0] switch
                    {
                        string s => (long)s.Length,
                        LazyNode { Node: JsonArray a } => (long)a.Count,
                        LazyNode { Node: JsonObject o } => (long)o.Count,
                        List<object?> list => (long)list.Count,
                        var other => new Symbolic($"length({Render(other)})"),
                    };
                case "tolower" when args[0] is string s:
                    return s.ToLowerInvariant();
                case "toupper" when args[0] is string s:
                    return s.ToUpperInvariant();
                case "take" when args[0] is string s && args[1] is long n:
                    return s.Length <= n ? s : s[..(int)n];
                case "true":
                    return true;
                case "false":
                    return false;
                case "null":
                    return null;
                case "reference" when args[0] is Symbolic { Text: var target } && IsDeploymentId(target, out var moduleName):
                    return new ModuleReference(scope.NestedDeployment(moduleName), Outputs: false);
                case "reference":
                    return new Symbolic($"reference({Render(args[0])})");
                default:
                    return new Symbolic($"{c.Name}({string.Join(", ", args.Select(Render))})");
            }
        }

        private object? Parameter(string name)
        {
            if (scope.Deployment is null)
            {
                // Root parameters are supplied at deployment time.
                return new Symbolic($"parameters('{name}')");
            }

            var supplied = scope.Deployment["properties"]?["parameters"]?[name]?["value"];
            if (supplied is not null)
            {
                // Module parameters: "expressionEvaluationOptions.scope = inner", so the value
                // expression is evaluated in the calling template.
                return new Evaluator(scope.Parent!, null).Resolve(supplied);
            }

            var defaultValue = scope.Template["parameters"]?[name]?["defaultValue"];
            return defaultValue is not null ? Resolve(defaultValue) : new Symbolic($"parameters('{name}')");
        }

        private static bool IsDeploymentId(string text, out string name)
        {
            const string prefix = "resourceId(Microsoft.Resources/deployments, ";
            if (text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && text.EndsWith(')'))
            {
                name = text[prefix.Length..^1];
                return true;
            }

            name = "";
            return false;
        }

        private static object? Member(object? target, string name) => target switch
        {
            LazyNode { Node: JsonObject o } lazy => lazy.Evaluator.Resolve(o[name]),
            ModuleReference { Outputs: false } m when name == "outputs" => m with { Outputs = true },
            ModuleReference { Outputs: true } m => new ModuleOutput(m.Module, name),
            ModuleOutput o when name == "value" => new Evaluator(o.Module, null).Resolve(
                o.Module.Template["outputs"]?[o.Name]?["value"]
                ?? throw new KeyNotFoundException($"Module has no output '{o.Name}'.")),
            Symbolic s => new Symbolic($"{s.Text}.{name}"),
            _ => throw new InvalidOperationException($"Cannot read '.{name}' of {Render(target)}."),
        };

        private static object? IndexInto(object? target, object? key) => (target, key) switch
        {
            (LazyNode { Node: JsonArray a } lazy, long i) => lazy.Evaluator.Resolve(a[(int)i]),
            (LazyNode { Node: JsonObject o } lazy, string k) => lazy.Evaluator.Resolve(o[k]),
            (List<object?> list, long i) => list[(int)i],
            (Symbolic s, _) => new Symbolic($"{s.Text}[{Render(key)}]"),
            _ => throw new InvalidOperationException($"Cannot index {Render(target)} with {Render(key)}."),
        };

        private static string Format(string format, List<object?> args)
        {
            var result = new StringBuilder();
            for (var i = 0; i < format.Length; i++)
            {
                var ch = format[i];
                if (ch == '{' && i + 1 < format.Length && format[i + 1] == '{')
                {
                    result.Append('{');
                    i++;
                }
                else if (ch == '}' && i + 1 < format.Length && format[i + 1] == '}')
                {
                    result.Append('}');
                    i++;
                }
                else if (ch == '{')
                {
                    var close = format.IndexOf('}', i);
                    var index = int.Parse(format[(i + 1)..close].Split(':')[0], CultureInfo.InvariantCulture);
                    result.Append(Render(args[index]));
                    i = close;
                }
                else
                {
                    result.Append(ch);
                }
            }

            return result.ToString();
        }

        /// <summary>Renders a value into a string; symbolic values appear between « and ».</summary>
        public static string Render(object? value) => value switch
        {
            null => "null",
            string s => s,
            bool b => b ? "true" : "false",
            long l => l.ToString(CultureInfo.InvariantCulture),
            double d => d.ToString(CultureInfo.InvariantCulture),
            Symbolic s => $"«{s.Text}»",
            LazyNode l => l.Node.ToJsonString(),
            ModuleOutput o => $"«module output {o.Name}»",
            _ => $"«{value}»",
        };
    }

    // --- expression syntax -------------------------------------------------------------

    private abstract record Expr;

    private sealed record LiteralExpr(object? Value) : Expr;

    private sealed record CallExpr(string Name, IReadOnlyList<Expr> Args) : Expr;

    private sealed record MemberExpr(Expr Target, string Name) : Expr;

    private sealed record IndexExpr(Expr Target, Expr Key) : Expr;

    private sealed class Parser(string text)
    {
        private int _pos;

        public Expr ParseExpression()
        {
            var expr = ParsePrimary();
            while (true)
            {
                SkipSpace();
                if (Peek('.'))
                {
                    _pos++;
                    expr = new MemberExpr(expr, ReadIdentifier());
                }
                else if (Peek('['))
                {
                    _pos++;
                    var key = ParseExpression();
                    Expect(']');
                    expr = new IndexExpr(expr, key);
                }
                else
                {
                    return expr;
                }
            }
        }

        public void ExpectEnd()
        {
            SkipSpace();
            if (_pos != text.Length)
            {
                throw new FormatException($"Unexpected '{text[_pos..]}' in expression '{text}'.");
            }
        }

        private Expr ParsePrimary()
        {
            SkipSpace();
            if (Peek('\''))
            {
                return new LiteralExpr(ReadString());
            }

            if (_pos < text.Length && (char.IsDigit(text[_pos]) || text[_pos] == '-'))
            {
                var start = _pos++;
                while (_pos < text.Length && char.IsDigit(text[_pos]))
                {
                    _pos++;
                }

                return new LiteralExpr(long.Parse(text[start.._pos], CultureInfo.InvariantCulture));
            }

            var name = ReadIdentifier();
            SkipSpace();
            Expect('(');
            var args = new List<Expr>();
            SkipSpace();
            if (!Peek(')'))
            {
                while (true)
                {
                    args.Add(ParseExpression());
                    SkipSpace();
                    if (Peek(','))
                    {
                        _pos++;
                        continue;
                    }

                    break;
                }
            }

            Expect(')');
            return new CallExpr(name, args);
        }

        private string ReadString()
        {
            Expect('\'');
            var result = new StringBuilder();
            while (true)
            {
                if (_pos >= text.Length)
                {
                    throw new FormatException($"Unterminated string in '{text}'.");
                }

                var ch = text[_pos++];
                if (ch == '\'')
                {
                    if (Peek('\''))
                    {
                        result.Append('\'');
                        _pos++;
                        continue;
                    }

                    return result.ToString();
                }

                result.Append(ch);
            }
        }

        private string ReadIdentifier()
        {
            SkipSpace();
            var start = _pos;
            while (_pos < text.Length && (char.IsLetterOrDigit(text[_pos]) || text[_pos] == '_' || text[_pos] == '$'))
            {
                _pos++;
            }

            if (start == _pos)
            {
                throw new FormatException($"Expected a name at {start} in '{text}'.");
            }

            return text[start.._pos];
        }

        private bool Peek(char ch) => _pos < text.Length && text[_pos] == ch;

        private void Expect(char ch)
        {
            SkipSpace();
            if (!Peek(ch))
            {
                throw new FormatException($"Expected '{ch}' at {_pos} in '{text}'.");
            }

            _pos++;
        }

        private void SkipSpace()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos]))
            {
                _pos++;
            }
        }
    }
}
