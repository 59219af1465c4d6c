using System.Reflection;
using System.Reflection.Emit;

namespace SlackChampionBot.Tests.Manifest;

/// <summary>
/// The adapter methods (of the Web API families and their extension helpers) that the host's compiled code calls, read
/// from the IL of every method of the assembly (compiler-generated async state machines and lambdas included). What the
/// code really calls, not what a comment or a test says.
/// </summary>
internal static class HostWebApiCalls
{
    private static readonly Dictionary<ushort, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => unchecked((ushort)o.Value));

    /// <summary>"IChatApi.PostMessage", "SlackPaginationExtensions.ListAll", … for every call in <paramref name="assembly"/> to a method declared on one of <paramref name="declaringTypes"/>.</summary>
    public static HashSet<string> Of(Assembly assembly, IReadOnlyCollection<Type> declaringTypes)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var type in assembly.GetTypes())
        {
            foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            {
                foreach (var called in CalledBy(method))
                {
                    if (called.DeclaringType is { } declaring && declaringTypes.Contains(declaring.IsGenericType ? declaring.GetGenericTypeDefinition() : declaring))
                    {
                        found.Add($"{declaring.Name}.{called.Name}");
                    }
                }
            }
        }

        return found;
    }

    private static IEnumerable<MethodBase> CalledBy(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }

        var typeArguments = method.DeclaringType is { IsGenericType: true } t ? t.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var i = 0;
        while (i < il.Length)
        {
            var value = il[i] == 0xFE ? (ushort)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            var opCode = OpCodesByValue[value];
            if (opCode.OperandType == OperandType.InlineMethod)
            {
                MethodBase? called = null;
                try
                {
                    called = method.Module.ResolveMethod(BitConverter.ToInt32(il, i), typeArguments, methodArguments);
                }
                catch (Exception ex) when (ex is ArgumentException or TypeLoadException or MissingMemberException or BadImageFormatException or FileNotFoundException)
                {
                    // A reference this scan need not follow (e.g. a generic instantiation it cannot build).
                }

                if (called is not null)
                {
                    yield return called;
                }
            }

            i += opCode.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, i)),
                _ => 4,
            };
        }
    }
}
