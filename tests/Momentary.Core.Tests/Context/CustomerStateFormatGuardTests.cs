using System.Reflection;
using Momentary.Core.Context;

namespace Momentary.Core.Tests.Context;

/// <summary>
/// A property added to the state, or to a type it holds, without the binary format knowing it would be dropped on every
/// write: this fails instead, naming it. The fix is a new format version that writes it (docs/context-store.md, "State format").
/// </summary>
public sealed class CustomerStateFormatGuardTests
{
    [Fact]
    public void EncodedProperties_NameEveryStoredPropertyOfTheStateAndOfEveryTypeItHolds()
    {
        var stored = StoredTypes();
        Assert.Equal(stored.Keys.Select(t => t.Name).Order(), CustomerStateFormat.EncodedProperties.Keys.Select(t => t.Name).Order());
        foreach (var (type, properties) in stored)
        {
            Assert.True(
                properties.Order().SequenceEqual(CustomerStateFormat.EncodedProperties[type].Order()),
                $"{type.Name} has properties [{string.Join(", ", properties.Order())}]; the format writes [{string.Join(", ", CustomerStateFormat.EncodedProperties[type].Order())}]");
        }
    }

    [Fact]
    public void StoredProperties_AreTheSettableOnes_NotTheComputedOnes()
    {
        // The walk counts settable (init) properties: a record's positional ones and CustomerState's, never computed ones.
        var routine = StoredTypes()[typeof(PurchaseRoutine)];
        Assert.DoesNotContain(nameof(PurchaseRoutine.Due), routine);
        Assert.DoesNotContain(nameof(PurchaseRoutine.HasCadence), routine);
        Assert.Contains(nameof(CustomerState.HeartRates), StoredTypes()[typeof(CustomerState)]);
    }

    // CustomerState and every Momentary type reachable through its data properties (element and value types included),
    // each with its data properties: public, instance, with a setter (init), the ones the JSON and a `with` copy carry.
    private static Dictionary<Type, string[]> StoredTypes()
    {
        var found = new Dictionary<Type, string[]>();
        var pending = new Queue<Type>([typeof(CustomerState)]);
        while (pending.TryDequeue(out var type))
        {
            if (found.ContainsKey(type))
            {
                continue;
            }

            var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }).ToArray();
            found[type] = [.. properties.Select(p => p.Name)];
            foreach (var inner in properties.SelectMany(p => Constituents(p.PropertyType)).Where(t => t.Namespace?.StartsWith("Momentary", StringComparison.Ordinal) == true && !t.IsEnum))
            {
                pending.Enqueue(inner);
            }
        }

        return found;
    }

    private static IEnumerable<Type> Constituents(Type type) =>
        type.IsGenericType ? type.GetGenericArguments().SelectMany(Constituents) : type.IsArray ? Constituents(type.GetElementType()!) : [type];
}
