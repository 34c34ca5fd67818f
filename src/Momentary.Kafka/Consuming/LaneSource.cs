using System.Threading.Channels;
using Akka.Streams;
using Akka.Streams.Stage;
using Confluent.Kafka;
using Momentary.Core.Messaging;

namespace Momentary.Kafka.Consuming;

/// <summary>
/// A partition's sub-source: on each pull it takes everything its lane holds, up to <c>maxBatch</c> records, as one
/// element. An idle partition therefore emits batches of one (no added latency); a busy one, whose records wait
/// while downstream works, emits full batches and pays the per-element cost of the stream once per batch.
/// </summary>
internal sealed class LaneSource : GraphStage<SourceShape<CommittableBatch>>
{
    private readonly PartitionedConsumer _owner;
    private readonly TopicPartition _partition;
    private readonly ChannelReader<InboundRecord> _lane;
    private readonly int _maxBatch;

    public LaneSource(PartitionedConsumer owner, TopicPartition partition, ChannelReader<InboundRecord> lane, int maxBatch)
    {
        _owner = owner;
        _partition = partition;
        _lane = lane;
        _maxBatch = maxBatch;
        Shape = new SourceShape<CommittableBatch>(Out);
    }

    public Outlet<CommittableBatch> Out { get; } = new("kafka.lane.out");

    public override SourceShape<CommittableBatch> Shape { get; }

    protected override Attributes InitialAttributes { get; } = Attributes.CreateName("kafka-lane");

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic : OutGraphStageLogic
    {
        private readonly LaneSource _stage;
        private Action<Task<bool>>? _onReadable;

        public Logic(LaneSource stage)
            : base(stage.Shape)
        {
            _stage = stage;
            SetHandler(stage.Out, this);
        }

        public override void PreStart() => _onReadable = GetAsyncCallback<Task<bool>>(OnReadable);

        public override void OnPull() => TryPush();

        private void TryPush()
        {
            var lane = _stage._lane;
            if (lane.TryRead(out var first))
            {
                Push(_stage.Out, Take(first));
                return;
            }

            var waiting = lane.WaitToReadAsync();
            if (waiting.IsCompletedSuccessfully)
            {
                Readable(waiting.Result);
                return;
            }

            waiting.AsTask().ContinueWith(_onReadable!, TaskScheduler.Default);
        }

        private void OnReadable(Task<bool> waited)
        {
            if (waited.IsFaulted)
            {
                FailStage(waited.Exception!.GetBaseException());
                return;
            }

            Readable(waited.Status == TaskStatus.RanToCompletion && waited.Result);
        }

        private void Readable(bool more)
        {
            if (!more)
            {
                CompleteStage(); // the partition was revoked or the consumer is draining, and its lane is empty
                return;
            }

            if (IsAvailable(_stage.Out))
            {
                TryPush();
            }
        }

        private CommittableBatch Take(InboundRecord first)
        {
            var lane = _stage._lane;
            var max = _stage._maxBatch;
            IReadOnlyList<InboundRecord> records;
            if (max == 1 || !lane.TryRead(out var second))
            {
                records = [first];
            }
            else
            {
                var several = new List<InboundRecord>(Math.Min(max, lane.Count + 2)) { first, second };
                while (several.Count < max && lane.TryRead(out var next))
                {
                    several.Add(next);
                }

                records = several;
            }

            var position = new TopicPartitionOffset(_stage._partition, new Offset(records[^1].Offset));
            return new CommittableBatch(records, new CommittableOffset(_stage._owner, position, records.Count));
        }
    }
}
