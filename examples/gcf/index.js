// The employee converter as a Google Cloud Function (Cloud Run functions), entry point `csv`.
import * as functions from '@google-cloud/functions-framework';
import { handle } from '@csvfn/adapter-gcf';
import { createCsvHandler, employeeSchema } from '@csvfn/core';

functions.http('csv', handle(createCsvHandler({ schema: employeeSchema })));
