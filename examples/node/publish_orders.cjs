// The code under test, in Node.js: publishes through the AWS SDK for JavaScript v3 to the
// SNS at SNS_ENDPOINT_URL (a snsfake server in the tests). Credentials and region come from
// the environment as usual; snsfake reads the account from a 12-digit access key.
const {
  SNSClient,
  CreateTopicCommand,
  SubscribeCommand,
  PublishCommand,
} = require("@aws-sdk/client-sns");

async function main() {
  const sns = new SNSClient({ endpoint: process.env.SNS_ENDPOINT_URL });
  const [billingQueue, ledgerQueue] = process.argv.slice(2);

  const { TopicArn: orders } = await sns.send(new CreateTopicCommand({ Name: "orders" }));
  await sns.send(new SubscribeCommand({ TopicArn: orders, Protocol: "sqs", Endpoint: billingQueue }));
  await sns.send(
    new PublishCommand({
      TopicArn: orders,
      Message: JSON.stringify({ order: 7, total: 12.5 }),
      MessageAttributes: {
        status: { DataType: "String", StringValue: "paid" },
        total: { DataType: "Number", StringValue: "12.5" },
        checksum: { DataType: "Binary", BinaryValue: Uint8Array.from([0, 255]) },
      },
    }),
  );

  const { TopicArn: ledger } = await sns.send(
    new CreateTopicCommand({
      Name: "ledger.fifo",
      Attributes: { FifoTopic: "true", ContentBasedDeduplication: "true" },
    }),
  );
  await sns.send(new SubscribeCommand({ TopicArn: ledger, Protocol: "sqs", Endpoint: ledgerQueue }));
  for (const entry of ["debit 7", "credit 7"]) {
    const { SequenceNumber } = await sns.send(
      new PublishCommand({ TopicArn: ledger, Message: entry, MessageGroupId: "order-7" }),
    );
    console.log(JSON.stringify({ entry, SequenceNumber }));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
