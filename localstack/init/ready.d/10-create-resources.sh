#!/bin/bash
# Runs inside LocalStack once it is ready: creates the single table (from table.json, generated from the
# DynamoDB adapter's own definition) and the photos bucket with the CORS rule browsers need for the POST upload.
set -euo pipefail

table=${TABLE_NAME:-dating-app}
bucket=${PHOTOS_BUCKET:-dating-photos}
origin=${APP_ORIGIN:-http://localhost:8080}

if ! awslocal dynamodb describe-table --table-name "$table" >/dev/null 2>&1; then
  awslocal dynamodb create-table --table-name "$table" --cli-input-json file:///etc/localstack/init/table.json >/dev/null
  awslocal dynamodb wait table-exists --table-name "$table"
fi
awslocal dynamodb update-time-to-live --table-name "$table" \
  --time-to-live-specification "Enabled=true,AttributeName=expiresAt" >/dev/null || true

awslocal s3 mb "s3://$bucket" >/dev/null 2>&1 || true
awslocal s3api put-bucket-cors --bucket "$bucket" --cors-configuration "{
  \"CORSRules\": [{ \"AllowedOrigins\": [\"$origin\"], \"AllowedMethods\": [\"POST\", \"GET\"],
                    \"AllowedHeaders\": [\"*\"], \"MaxAgeSeconds\": 3000 }]
}"
echo "dating-app: table $table and bucket $bucket ready"
